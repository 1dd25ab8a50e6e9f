package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"juece/store"
	"juece/workflow"
)

// samplePDF is a small file that is a PDF by its content.
var samplePDF = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n决策草案（征求意见稿）\n%%EOF\n")

// multipartBody writes the upload form as a browser does: the small fields first, the file last.
func multipartBody(w io.Writer, csrf, version, kind, filename string, content io.Reader) (string, error) {
	mw := multipart.NewWriter(w)
	for _, f := range [][2]string{{"_csrf", csrf}, {"version", version}, {"kind", kind}} {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return "", err
		}
	}
	part, err := mw.CreateFormFile("file", filename)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(part, content); err != nil {
		return "", err
	}
	return mw.FormDataContentType(), mw.Close()
}

// upload posts one file to the decision as the browser's form would, on its current version.
func (c *client) upload(id int64, kind, filename string, content []byte) response {
	c.t.Helper()
	version := c.version(id)
	return c.uploadRaw(id, c.csrf, version, kind, filename, content)
}

// uploadRaw posts the upload form with the token and version given.
func (c *client) uploadRaw(id int64, csrf, version, kind, filename string, content []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	ctype, err := multipartBody(&buf, csrf, version, kind, filename, bytes.NewReader(content))
	if err != nil {
		c.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+"/decisions/"+strconv.FormatInt(id, 10)+"/attachments", &buf)
	req.Header.Set("Content-Type", ctype)
	return c.do(req)
}

// uploadStreamed posts a PDF of size bytes chunked, without a Content-Length, generated on the
// fly: the server can only find out the size by reading.
func (c *client) uploadStreamed(id int64, kind, filename string, size int64) (response, error) {
	c.t.Helper()
	version := c.version(id)
	target := c.app.srv.URL + "/decisions/" + strconv.FormatInt(id, 10) + "/attachments"
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		var err error
		for _, f := range [][2]string{{"_csrf", c.csrf}, {"version", version}, {"kind", kind}} {
			if err == nil {
				err = mw.WriteField(f[0], f[1])
			}
		}
		var part io.Writer
		if err == nil {
			part, err = mw.CreateFormFile("file", filename)
		}
		if err == nil {
			_, err = io.Copy(part, io.MultiReader(bytes.NewReader(samplePDF), io.LimitReader(zeroReader{}, size-int64(len(samplePDF)))))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, target, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return response{status: res.StatusCode}, nil
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// download fetches an attachment without parsing it.
func (c *client) download(path string) (*http.Response, []byte) {
	c.t.Helper()
	res, err := c.http.Get(c.app.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, body
}

func (a *app) attachments(id int64) []store.Attachment {
	a.t.Helper()
	list, err := a.db.Attachments(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return list
}

// dataFiles lists every file under the data directory's files folder, relative to it.
func (a *app) dataFiles() []string {
	a.t.Helper()
	root := filepath.Join(filepath.Dir(a.db.Path()), "files")
	var out []string
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// draftingDecision is a decision of the clerk's unit in drafting.
func draftingDecision(a *app) (int64, *client) {
	clerk, sec := a.login("clerk"), a.login("secretary")
	id := clerk.createDecision("城市公共交通票价调整方案")
	sec.mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"市政府第15次常务会议纪要"}})
	return id, clerk
}

func TestAttachmentUploadAndDownload(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	before, version := a.eventCount(id), a.decision(id).Version

	r := clerk.upload(id, "revision", "征求意见稿.pdf", samplePDF)
	if r.status != http.StatusSeeOther || r.location != "/decisions/"+itoa(id)+"#attach-revision" {
		t.Fatalf("upload: %d %q: %s", r.status, r.location, r.text())
	}
	list := a.attachments(id)
	if len(list) != 1 {
		t.Fatalf("%d attachments", len(list))
	}
	att := list[0]
	sum := sha256.Sum256(samplePDF)
	if att.Kind != "revision" || att.Label != "征求意见稿.pdf" || att.SHA256 != hex.EncodeToString(sum[:]) ||
		att.Size != int64(len(samplePDF)) || att.ContentType != "application/pdf" || att.UploadedBy != a.users["clerk"].ID {
		t.Errorf("stored %+v", att)
	}
	if got := a.eventCount(id); got != before+1 {
		t.Errorf("history: %d events added, want 1", got-before)
	}
	evs, _ := a.db.History(context.Background(), id)
	if e := evs[len(evs)-1]; e.Action != "add_attachment" || !strings.Contains(e.Summary, "《征求意见稿.pdf》") ||
		!strings.Contains(e.Summary, att.SHA256[:12]) {
		t.Errorf("event %s %q", e.Action, e.Summary)
	}
	if v := a.decision(id).Version; v != version+1 {
		t.Errorf("version %d → %d", version, v)
	}

	// Listed on the page, in the drafting section, with its link.
	_, doc := clerk.get("/decisions/" + itoa(id))
	link := doc.Find("#drafting #attach-revision a[href='/decisions/" + itoa(id) + "/attachments/" + itoa(att.ID) + "']")
	if link.Length() != 1 || link.Text() != "征求意见稿.pdf" {
		t.Fatalf("attachment not listed in the drafting section: %q", doc.Find("#attach-revision").Text())
	}
	if row := doc.Find("#attach-revision tbody tr").Text(); !strings.Contains(row, "张明") || !strings.Contains(row, att.SHA256[:12]) {
		t.Errorf("row %q lacks the uploader or the hash", row)
	}

	// The download is the same bytes, never shown inline nor sniffed.
	res, body := clerk.download("/decisions/" + itoa(id) + "/attachments/" + itoa(att.ID))
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, samplePDF) {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(body))
	}
	h := res.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "private, no-store" {
		t.Errorf("headers %v", h)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") ||
		!strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("征求意见稿.pdf")) {
		t.Errorf("Content-Disposition %q", cd)
	}

	// Others who may see the decision may download; another unit's clerk and the admin get the
	// same 404 as for a missing file.
	path := "/decisions/" + itoa(id) + "/attachments/" + itoa(att.ID)
	for _, who := range []string{"auditor", "reviewer"} {
		if res, _ := a.login(who).download(path); res.StatusCode != http.StatusOK {
			t.Errorf("%s: download %d", who, res.StatusCode)
		}
	}
	for _, who := range []string{"clerk2", "admin"} {
		if res, _ := a.login(who).download(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: download %d, want 404", who, res.StatusCode)
		}
	}
	for _, bad := range []string{itoa(att.ID + 1), "0" + itoa(att.ID), "x"} {
		if res, _ := clerk.download("/decisions/" + itoa(id) + "/attachments/" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("attachment %q: %d, want 404", bad, res.StatusCode)
		}
	}
	other := a.login("clerk").createDecision("另一事项")
	if res, _ := clerk.download("/decisions/" + itoa(other) + "/attachments/" + itoa(att.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("attachment through another decision: %d, want 404", res.StatusCode)
	}

	// The same content again: a second row and event, one file.
	if r := clerk.upload(id, "revision", "副本.pdf", samplePDF); r.status != http.StatusSeeOther {
		t.Fatalf("second upload: %d: %s", r.status, r.text())
	}
	if files := a.dataFiles(); len(files) != 1 || files[0] != filepath.Join(att.SHA256[:2], att.SHA256) {
		t.Errorf("files %v, want the one file under its hash", files)
	}
}

func TestAttachmentRefusedByContent(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	before := a.eventCount(id)
	for _, c := range []struct {
		name    string
		content string
		want    string
	}{
		{"报告.pdf", "<!DOCTYPE html><html><script>alert(1)</script></html>", "网页"},
		{"报告.pdf", "  \n<svg onload=alert(1)>", "网页"},
		{"报告.pdf", "这不是 PDF 文件", "内容与扩展名不符"},
		{"说明.txt", "%PDF-1.4\n", "内容与扩展名不符"},
		{"图片.png", "\xff\xd8\xff\xe0JFIF", "内容与扩展名不符"},
		{"方案.docx", "PK\x03\x04 not really a zip", "不是有效的"},
		{"说明.txt", "\xb9\xe3\xce\xf7 GBK 编码", "UTF-8"},
		{"程序.exe", "MZ\x90\x00\x03\x00\x00\x00", "不支持"},
		{"页面.html", "<p>hi</p>", "网页"},
		{"空.pdf", "", "空"},
	} {
		r := clerk.upload(id, "revision", c.name, []byte(c.content))
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s %q: status %d, want 422", c.name, c.content, r.status)
			continue
		}
		msg := r.doc.Find("#attach-revision-file-err").Text()
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s %q: message %q, want it to say %q", c.name, c.content, msg, c.want)
		}
		if _, open := r.doc.Find("#attach-revision details").Attr("open"); !open {
			t.Errorf("%s: the refused form is not open", c.name)
		}
	}
	if n := len(a.attachments(id)); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
	if a.eventCount(id) != before {
		t.Error("a refused upload wrote history")
	}
	if files := a.dataFiles(); len(files) != 0 {
		t.Errorf("refused uploads left files: %v", files)
	}

	// The accepted kinds, each by its content.
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	for _, c := range []struct{ name, content, ctype string }{
		{"照片.png", png, "image/png"},
		{"照片.JPG", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"},
		{"说明.txt", "起草说明：根据条例第12条……", "text/plain"},
		{"无扩展名", "%PDF-1.4\n", "application/pdf"},
		{"方案.docx", string(officeZip(t, "[Content_Types].xml", "<Types/>")), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"方案.odt", string(officeZip(t, "mimetype", "application/vnd.oasis.opendocument.text")), "application/vnd.oasis.opendocument.text"},
	} {
		if r := clerk.upload(id, "revision", c.name, []byte(c.content)); r.status != http.StatusSeeOther {
			t.Errorf("%s: status %d: %s", c.name, r.status, r.doc.Find("#attach-revision-file-err").Text())
			continue
		}
		list := a.attachments(id)
		if got := list[len(list)-1]; got.Label != c.name || got.ContentType != c.ctype {
			t.Errorf("%s stored as %q %q", c.name, got.Label, got.ContentType)
		}
	}
	list := a.attachments(id)
	res, _ := clerk.download("/decisions/" + itoa(id) + "/attachments/" + itoa(list[2].ID))
	if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("text download Content-Type %q", ct)
	}
	// An ODF zip named .docx is refused: it has no [Content_Types].xml.
	if r := clerk.upload(id, "revision", "方案.docx", officeZip(t, "mimetype", "application/vnd.oasis.opendocument.text")); r.status != http.StatusUnprocessableEntity {
		t.Errorf("ODF named .docx: %d", r.status)
	}
}

// officeZip is a zip holding one entry, as an Office or ODF package begins.
func officeZip(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachmentTooLarge(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	before := a.eventCount(id)
	big := make([]byte, 20<<20+1)
	copy(big, samplePDF)

	// With a Content-Length over the limit: refused before the file is read.
	r := clerk.upload(id, "revision", "大文件.pdf", big)
	if r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("over 20 MiB: status %d, want 413", r.status)
	}
	if msg := r.doc.Find("#attach-revision-file-err").Text(); !strings.Contains(msg, "20 MB") {
		t.Errorf("413 message %q", msg)
	}

	// Streamed without a length: refused once the limit is reached while reading.
	clerk = a.login("clerk")
	for _, size := range []int64{20<<20 + 1, 40 << 20} {
		var res response
		var err error
		if alloc := allocated(func() { res, err = clerk.uploadStreamed(id, "revision", "大文件.pdf", size) }); alloc > 8<<20 {
			t.Errorf("a refused upload of %d bytes allocated %d MiB", size, alloc>>20)
		}
		if err != nil {
			t.Fatalf("streamed %d bytes: %v", size, err)
		}
		if res.status != http.StatusRequestEntityTooLarge {
			t.Errorf("streamed %d bytes: status %d, want 413", size, res.status)
		}
	}
	if n := len(a.attachments(id)); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
	if a.eventCount(id) != before {
		t.Error("an oversize upload wrote history")
	}
	if files := a.dataFiles(); len(files) != 0 {
		t.Errorf("oversize uploads left files: %v", files)
	}

	// Exactly 20 MiB is accepted, streamed to disk: far less than the file is allocated on the
	// way (client included), so it was never held in memory.
	var res response
	var err error
	if alloc := allocated(func() { res, err = clerk.uploadStreamed(id, "revision", "刚好.pdf", 20<<20) }); alloc > 8<<20 {
		t.Errorf("a 20 MiB upload allocated %d MiB", alloc>>20)
	}
	if err != nil || res.status != http.StatusSeeOther {
		t.Fatalf("exactly 20 MiB: %d, %v", res.status, err)
	}
	if list := a.attachments(id); len(list) != 1 || list[0].Size != 20<<20 {
		t.Errorf("stored %+v", list)
	}
}

// allocated is how many bytes the process allocated while fn ran (client and server alike).
func allocated(fn func()) uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	fn()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

func TestAttachmentNameIsOnlyALabel(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	for _, c := range []struct{ sent, label string }{
		{"../../etc/passwd", "passwd"},
		{`..\..\windows\报告.pdf`, "报告.pdf"},
		{"a\u200bb\u202etxt.pdf", "abtxt.pdf"},
		{strings.Repeat("长", 250) + ".pdf", strings.Repeat("长", 196) + ".pdf"},
	} {
		if r := clerk.upload(id, "revision", c.sent, samplePDF); r.status != http.StatusSeeOther {
			t.Errorf("%q: status %d: %s", c.sent, r.status, r.text())
			continue
		}
		list := a.attachments(id)
		if got := list[len(list)-1].Label; got != c.label {
			t.Errorf("%q stored as label %q, want %q", c.sent, got, c.label)
		}
	}
	sum := sha256.Sum256(samplePDF)
	sha := hex.EncodeToString(sum[:])
	if files := a.dataFiles(); len(files) != 1 || files[0] != filepath.Join(sha[:2], sha) {
		t.Errorf("files %v, want only the hash", files)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(a.db.Path()), "etc")); err == nil {
		t.Error("a user's path reached the file system")
	}
	list := a.attachments(id)
	res, _ := clerk.download("/decisions/" + itoa(id) + "/attachments/" + itoa(list[0].ID))
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="passwd"; filename*=UTF-8''passwd` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestAttachmentWhoMayUpload(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	sec, clerk2, auditor := a.login("secretary"), a.login("clerk2"), a.login("auditor")

	// Another unit's clerk does not see the decision at all.
	if r := clerk2.uploadRaw(id, clerk2.csrf, "2", "revision", "x.pdf", samplePDF); r.status != http.StatusNotFound {
		t.Errorf("other unit: %d, want 404", r.status)
	}
	// The secretary does not record the draft; the auditor changes nothing.
	if r := sec.upload(id, "revision", "x.pdf", samplePDF); r.status != http.StatusForbidden {
		t.Errorf("secretary, draft: %d, want 403", r.status)
	}
	if r := auditor.upload(id, "decision", "x.pdf", samplePDF); r.status != http.StatusForbidden {
		t.Errorf("auditor: %d, want 403", r.status)
	}
	// The clerk records the hearing, but not in drafting.
	if r := clerk.upload(id, "hearing", "x.pdf", samplePDF); r.status != http.StatusUnprocessableEntity {
		t.Errorf("hearing minutes in drafting: %d, want 422", r.status)
	}
	if r := clerk.upload(id, "comment", "x.pdf", samplePDF); r.status != http.StatusBadRequest {
		t.Errorf("unknown kind: %d, want 400", r.status)
	}
	if n := len(a.attachments(id)); n != 0 {
		t.Fatalf("%d attachments after refusals", n)
	}
	// General material: the clerk and the secretary alike.
	for _, c := range []*client{clerk, sec} {
		if r := c.upload(id, "decision", "材料.pdf", samplePDF); r.status != http.StatusSeeOther {
			t.Errorf("general material: %d: %s", r.status, r.text())
		}
	}
	// Only those who may upload see the form.
	_, doc := clerk.get("/decisions/" + itoa(id))
	if doc.Find("#attach-revision form[enctype='multipart/form-data'] input[type=file][name=file]").Length() != 1 {
		t.Error("the clerk has no upload form for the draft")
	}
	_, doc = auditor.get("/decisions/" + itoa(id))
	if doc.Find("input[type=file]").Length() != 0 {
		t.Error("the auditor is offered an upload form")
	}
	if doc.Find("#attach-decision tbody tr").Length() != 2 {
		t.Error("the auditor does not see the general material")
	}
}

func TestAttachmentCSRFAndVersion(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	version := clerk.version(id)
	if r := clerk.uploadRaw(id, "forged", version, "revision", "x.pdf", samplePDF); r.status != http.StatusForbidden {
		t.Errorf("forged token: %d, want 403", r.status)
	}

	// A stale version: 409, nothing kept.
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第二稿"}})
	if r := clerk.uploadRaw(id, clerk.csrf, version, "revision", "x.pdf", samplePDF); r.status != http.StatusConflict {
		t.Errorf("stale version: %d, want 409", r.status)
	} else if msg := r.doc.Find("#attach-revision .alert-error").Text(); !strings.Contains(msg, "修改了该决策事项") || !strings.Contains(msg, "重新选择文件") {
		t.Errorf("conflict message %q next to the upload form", msg)
	}
	if n := len(a.attachments(id)); n != 0 {
		t.Errorf("%d attachments after refusals", n)
	}
	if files := a.dataFiles(); len(files) != 0 {
		t.Errorf("refused uploads left files: %v", files)
	}
	if a.decision(id).State != workflow.Drafting {
		t.Fatal("state changed")
	}
}

// TestAttachmentChangedOnDisk: a stored file whose bytes were changed (at the same size) is
// neither served nor exported, with a message that says so, and the refusal is logged.
func TestAttachmentChangedOnDisk(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	if r := clerk.upload(id, "revision", "征求意见稿.pdf", samplePDF); r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d: %s", r.status, r.text())
	}
	att := a.attachments(id)[0]
	path := "/decisions/" + itoa(id) + "/attachments/" + itoa(att.ID)
	if res, _ := clerk.download(path); res.StatusCode != http.StatusOK {
		t.Fatalf("download of the honest file: %d", res.StatusCode)
	}
	changed := bytes.Clone(samplePDF)
	changed[len(changed)/2] ^= 1
	if err := os.WriteFile(store.AttachmentPath(filepath.Dir(a.db.Path()), att.SHA256), changed, 0o644); err != nil {
		t.Fatal(err)
	}
	res, body := clerk.download(path)
	if res.StatusCode != http.StatusInternalServerError || bytes.Contains(body, changed[:16]) ||
		!strings.Contains(string(body), "文件内容已被改动") || !strings.Contains(string(body), "征求意见稿.pdf") {
		t.Fatalf("download of a changed file: %d\n%s", res.StatusCode, body)
	}
	if st, _ := clerk.get("/decisions/" + itoa(id) + "/export.zip"); st != http.StatusInternalServerError {
		t.Fatalf("export with a changed file: %d", st)
	}
	if logs := a.logs.String(); strings.Count(logs, "文件内容已被改动") < 2 {
		t.Errorf("refusals not logged:\n%s", logs)
	}
	bad, n, err := a.db.VerifyAttachments(context.Background(), filepath.Dir(a.db.Path()))
	if err != nil || n != 1 || len(bad) != 1 || bad[0].Attachment.ID != att.ID {
		t.Fatalf("verify attachments: %d checked, %v, %v", n, bad, err)
	}
}
