package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/store/textclean"
	"juece/views"
	"juece/workflow"
)

// maxAttachment is the largest file accepted: 20 MiB.
const maxAttachment = 20 << 20

// maxUploadBody bounds a whole upload request: the file plus the small fields and the framing.
const maxUploadBody = maxAttachment + 64<<10

// maxUploadField bounds each small field (_csrf, version, kind) read ahead of the file.
const maxUploadField = 1 << 10

// maxAttachmentLabel is the longest file name kept as a label, in characters.
const maxAttachmentLabel = 200

// ctxUpload holds the *uploadBody the prelude prepared.
const ctxUpload = "juece.upload"

// uploadBody is an attachment upload as the prelude left it: the small fields are in the
// request's Form, the file part is open at its first byte and not read yet.
type uploadBody struct {
	file *multipart.Part // nil when the request carried no file field
	err  error           // why reading stopped before the file, if it did
}

// uploadPrelude runs before every other middleware, and only for attachment uploads. It caps the
// body (http.MaxBytesReader) and reads the multipart stream up to the file part, putting the small
// fields into r.Form: the CSRF check then finds _csrf there without parsing the body, which would
// buffer the whole file (net/http keeps up to 32 MB of a multipart form in memory). The handler
// streams the file part itself. Nothing here fails a request: a body it cannot read leaves an
// empty form, which the CSRF check refuses.
func (s *Server) uploadPrelude(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodPost || !isUploadPath(r.URL.Path) {
			return next(c)
		}
		r.Body = http.MaxBytesReader(c.Response().Writer, r.Body, maxUploadBody)
		up := &uploadBody{}
		form := url.Values{}
		mr, err := r.MultipartReader()
		for n := 0; err == nil && n < 8; n++ {
			var p *multipart.Part
			if p, err = mr.NextPart(); err != nil {
				break
			}
			if p.FormName() == "file" {
				up.file = p
				break
			}
			var v []byte
			v, err = io.ReadAll(io.LimitReader(p, maxUploadField+1))
			if err == nil && len(v) > maxUploadField {
				err = fmt.Errorf("web: upload field %q longer than %d bytes", p.FormName(), maxUploadField)
			}
			if err == nil {
				form.Add(p.FormName(), string(v))
			}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			up.err = err
		}
		r.Form, r.PostForm = form, form
		c.Set(ctxUpload, up)
		return next(c)
	}
}

// isUploadPath reports whether p is /decisions/<id>/attachments.
func isUploadPath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/decisions/")
	if !ok {
		return false
	}
	id, ok := strings.CutSuffix(rest, "/attachments")
	return ok && id != "" && strings.Trim(id, "0123456789") == ""
}

// mayAttach says whether the user may attach a file of this kind to the decision now: whoever
// records that kind in the current stage, and for the decision as a whole any clerk of the
// unit, reviewer or meeting secretary.
func mayAttach(u *store.User, d *workflow.Decision, kind string) bool {
	if !mayChange(u, d) {
		return false
	}
	return workflow.MayAttach(u.Role, kind, d.State)
}

// attachmentAdd receives one file: it checks who may attach what before reading the file, streams
// it to a temporary file in the data directory while hashing it, checks its type by content, and
// keeps it under its hash with its row and history event in one transaction.
func (s *Server) attachmentAdd(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	kind := c.FormValue("kind")
	title, ok := store.AttachmentKindLabel(kind)
	if !ok {
		return echo.NewHTTPError(http.StatusBadRequest, "附件类别无效。")
	}
	if !mayAttach(u, d, kind) {
		if mayChange(u, d) && roleRecords(u.Role, workflow.Record(kind)) {
			return echo.NewHTTPError(http.StatusUnprocessableEntity,
				fmt.Sprintf("该决策事项当前处于“%s”阶段，不能上传%s附件。", d.State.Label(), title))
		}
		return errForbidden
	}
	f := views.NewForm("attach-"+kind, nil)
	refuse := func(status int, msg string) error {
		f.Errors["file"] = msg
		f.Top = append(f.Top, "附件未上传，未保存任何内容。")
		return s.renderDecision(c, u, d, status, f, nil, "")
	}
	tooLarge := fmt.Sprintf("文件超过 %d MB 的上限，未上传。请压缩或拆分后再上传。", maxAttachment>>20)
	up, _ := c.Get(ctxUpload).(*uploadBody)
	if up == nil {
		return echo.NewHTTPError(http.StatusBadRequest, "请以表单上传文件。")
	}
	if isTooLarge(up.err) || c.Request().ContentLength > maxUploadBody {
		return refuse(http.StatusRequestEntityTooLarge, tooLarge)
	}
	if errors.Is(up.err, os.ErrDeadlineExceeded) {
		return s.bodyCutOff(c)
	}
	if up.file == nil {
		return refuse(http.StatusUnprocessableEntity, "请选择要上传的文件。")
	}
	label := attachmentLabel(up.file.FileName())
	if label == "" {
		return refuse(http.StatusUnprocessableEntity, "请选择要上传的文件。")
	}

	version := formVersion(c)
	conflict := func() error {
		f.Top = append(f.Top, "附件未上传：浏览器不会保留已选的文件，请核对后重新选择文件上传。")
		return s.conflict(c, u, d.ID, version, f)
	}
	if d.Version != version { // stale already: answered before the file is read
		return conflict()
	}

	body := &readErrors{r: up.file}
	spooled, err := store.Spool(s.data, body, maxAttachment)
	switch {
	case isTooLarge(err):
		return refuse(http.StatusRequestEntityTooLarge, tooLarge)
	case errors.Is(body.err, os.ErrDeadlineExceeded):
		return s.bodyCutOff(c)
	case err != nil && body.err != nil:
		return echo.NewHTTPError(http.StatusBadRequest, "文件未传送完整（连接中断），未保存任何内容，请重新上传。")
	case err != nil:
		return err
	}
	defer func() {
		if err := spooled.Discard(); err != nil {
			s.log.Error("discard upload", "err", err)
		}
	}()
	if spooled.Size == 0 {
		return refuse(http.StatusUnprocessableEntity, "文件是空的，请选择有内容的文件。")
	}
	ctype, problem, err := store.CheckContent(label, spooled)
	if err != nil {
		return err
	}
	if problem != "" {
		return refuse(http.StatusUnprocessableEntity, problem)
	}

	// The file is kept only once the command is allowed: a refused or conflicting upload leaves
	// no file.
	_, err = s.db.Apply(c.Request().Context(), d.ID, version, u.Actor(), s.now(), &workflow.AttachFile{Kind: kind,
		Label: label, SHA256: spooled.SHA256, Size: spooled.Size, ContentType: ctype, Keep: spooled.Keep})
	var notAllowed *workflow.NotAllowedError
	if errors.Is(err, store.ErrConflict) || errors.As(err, &notAllowed) {
		return conflict()
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/decisions/%d#attach-%s", d.ID, kind))
}

// readErrors remembers the error its reader gave, to tell a broken upload from a full disk.
type readErrors struct {
	r   io.Reader
	err error
}

func (x *readErrors) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		x.err = err
	}
	return n, err
}

// isTooLarge reports whether err says the body or the file went over its limit.
func isTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.Is(err, store.ErrTooLarge) || errors.As(err, &mb)
}

// attachmentLabel cleans the user's file name into a label: the base name only (either slash),
// without control or invisible formatting characters (a right-to-left override could make
// "fdp.exe" look like "exe.pdf"), at most maxAttachmentLabel characters with the extension kept. A name
// that is nothing but dots or spaces gives "".
func attachmentLabel(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name, _ = textclean.Line(name)
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if strings.Trim(name, ". ") == "" {
		return ""
	}
	if rs := []rune(name); len(rs) > maxAttachmentLabel {
		ext := []rune(path.Ext(name))
		if len(ext) > 16 {
			ext = nil
		}
		name = strings.TrimSpace(string(rs[:maxAttachmentLabel-len(ext)])) + string(ext)
	}
	return name
}

// attachmentGet sends one attachment as a download: only to who may see the decision (anyone
// else gets the same 404 as for a file that does not exist), never rendered by the browser.
func (s *Server) attachmentGet(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return err
	}
	aid, err := pathID(c, "aid")
	if err != nil {
		return err
	}
	a, err := s.db.Attachment(c.Request().Context(), d.ID, aid)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	// Hashed before a byte is sent: a file changed on disk is refused, not served as the record.
	file, err := store.OpenAttachment(s.data, a)
	if err != nil {
		return fmt.Errorf("web: attachment %d of decision %d: %w", a.ID, d.ID, err)
	}
	defer file.Close()
	ctype := a.ContentType
	if ctype == "text/plain" {
		ctype += "; charset=utf-8"
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ctype)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(a.Size, 10))
	h.Set("Content-Disposition", contentDisposition(a.Label))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
	c.Response().WriteHeader(http.StatusOK)
	if _, err := io.Copy(c.Response(), file); err != nil {
		s.log.Warn("send attachment", "decision", d.ID, "attachment", a.ID, "err", err)
	}
	return nil
}

// contentDisposition makes a download header that names the file by its label: an ASCII
// fallback for old clients and the exact name percent-encoded (RFC 6266, RFC 8187).
func contentDisposition(label string) string {
	var ascii, enc strings.Builder
	for _, r := range label {
		if r < 0x80 && r > 0x20 && r != '"' && r != '\\' && r != '%' && r != ';' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(label) {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), enc.String())
}

// attachmentItems is every record kind's attachments on the decision page, and whether this user
// may add one of each kind now.
func (s *Server) attachmentItems(c echo.Context, u *store.User, d *workflow.Decision) (map[string]views.AttachmentList, error) {
	list, err := s.db.Attachments(c.Request().Context(), d.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]views.AttachmentList, len(store.AttachmentKinds))
	for _, k := range store.AttachmentKinds {
		out[k.Kind] = views.AttachmentList{Kind: k.Kind, Title: k.Label, MayUpload: mayAttach(u, d, k.Kind)}
	}
	for _, a := range list {
		l := out[a.Kind]
		l.Items = append(l.Items, views.AttachmentItem{ID: a.ID, Label: a.Label, Size: a.Size,
			UploadedBy: a.UploadedBy, UploadedAt: a.UploadedAt, SHA256: a.SHA256})
		out[a.Kind] = l
	}
	return out, nil
}
