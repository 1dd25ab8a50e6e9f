package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"juece/workflow"
)

// Attachment is a file attached to one of a decision's records. The file is stored once per
// content, by its SHA-256, in the data directory (AttachmentPath); Label is the user's file
// name, kept only to show and to offer as the download's name.
type Attachment struct {
	ID          int64
	DecisionID  int64
	Kind        string // an AttachmentKinds entry: a workflow.Record, or AttachmentGeneral
	Label       string
	SHA256      string // lower-case hex
	Size        int64  // bytes
	ContentType string // as checked from the content on upload
	UploadedBy  int64
	UploadedAt  time.Time
}

// AttachmentGeneral is the kind of a file that belongs to the decision as a whole rather than to
// one stage's record.
const AttachmentGeneral = workflow.AttachGeneral

// AttachmentKind is a record that files may be attached to, with its Chinese name.
type AttachmentKind struct {
	Kind  string
	Label string
}

// AttachmentKinds lists the records that carry files, in page order; the attachments table's
// CHECK list is kept equal to it by a test.
var AttachmentKinds = []AttachmentKind{
	{AttachmentGeneral, "决策建议及其他材料"},
	{string(workflow.RecRevision), "决策草案"},
	{string(workflow.RecExpert), "专家论证意见"},
	{string(workflow.RecHearing), "听证笔录"},
	{string(workflow.RecRisk), "风险评估报告"},
	{string(workflow.RecSubmission), "送审材料"},
	{string(workflow.RecMeeting), "会议纪要"},
	{string(workflow.RecPublication), "公布文本"},
	{string(workflow.RecReport), "执行情况报告"},
	{string(workflow.RecEvaluation), "评估报告"},
}

// AttachmentKindLabel is the Chinese name of an attachment kind; ok is false for a kind that
// carries no files.
func AttachmentKindLabel(kind string) (label string, ok bool) {
	for _, k := range AttachmentKinds {
		if k.Kind == kind {
			return k.Label, true
		}
	}
	return "", false
}

func scanAttachment(r rowScanner) (Attachment, error) {
	var x Attachment
	var at int64
	err := r.Scan(&x.ID, &x.DecisionID, &x.Kind, &x.Label, &x.SHA256, &x.Size, &x.ContentType, &x.UploadedBy, &at)
	x.UploadedAt = fromMS(at)
	return x, err
}

const attachmentColumns = `id, decision_id, record_kind, label, sha256, size, content_type, uploaded_by, uploaded_at`

// AddAttachment records a file already stored under its hash (StoreFile, or Spool and Keep) as
// attached to the decision, with its history event. DecisionID, UploadedBy and UploadedAt are
// assigned.
func (tx *Tx) AddAttachment(ctx context.Context, a workflow.Actor, at time.Time, d *workflow.Decision, att Attachment) (int64, error) {
	kindLabel, ok := AttachmentKindLabel(att.Kind)
	if !ok {
		return 0, fmt.Errorf("store: attachment kind %q of decision %d: not a record that carries files", att.Kind, d.ID)
	}
	if !validSHA256(att.SHA256) {
		return 0, fmt.Errorf("store: attachment of decision %d: malformed SHA-256 %q", d.ID, att.SHA256)
	}
	err := tx.change(ctx, a, at, d, func() (Event, error) {
		att.DecisionID, att.UploadedBy, att.UploadedAt = d.ID, a.UserID, at
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO attachments (decision_id, record_kind, label, sha256, size,
			content_type, uploaded_by, uploaded_at) VALUES (`+placeholders(8)+`)`,
			att.DecisionID, att.Kind, att.Label, att.SHA256, att.Size, att.ContentType, att.UploadedBy, ms(at))
		if err != nil {
			return Event{}, fmt.Errorf("store: add attachment %q to decision %d: %w", att.Label, d.ID, err)
		}
		if att.ID, err = res.LastInsertId(); err != nil {
			return Event{}, fmt.Errorf("store: add attachment %q to decision %d: %w", att.Label, d.ID, err)
		}
		return Event{Action: "add_attachment",
			Summary: fmt.Sprintf("上传附件《%s》（%d KB，SHA-256 %s）", att.Label, (att.Size+1023)/1024, att.SHA256[:12]),
			Changes: diffFields(nil, []field{
				{"附件类别", kindLabel},
				{"文件名", att.Label},
				{"大小（字节）", fmt.Sprint(att.Size)},
				{"文件类型", att.ContentType},
				{"SHA-256", att.SHA256},
			})}, nil
	})
	if err != nil {
		return 0, err
	}
	return att.ID, nil
}

// Attachments lists a decision's attachments, oldest first.
func (db *DB) Attachments(ctx context.Context, decisionID int64) ([]Attachment, error) {
	list, err := collect(ctx, db.read, scanAttachment, `SELECT `+attachmentColumns+`
		FROM attachments WHERE decision_id = ? ORDER BY id`, decisionID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments of decision %d: %w", decisionID, err)
	}
	return list, nil
}

// Attachment is attachment id of decision decisionID; ErrNotFound when the decision has no
// such attachment.
func (db *DB) Attachment(ctx context.Context, decisionID, id int64) (Attachment, error) {
	x, err := scanAttachment(db.read.QueryRowContext(ctx, `SELECT `+attachmentColumns+`
		FROM attachments WHERE id = ? AND decision_id = ?`, id, decisionID))
	if err != nil {
		return Attachment{}, fmt.Errorf("store: attachment %d of decision %d: %w", id, decisionID, notFound(err))
	}
	return x, nil
}

// ErrTooLarge is returned by Spool and StoreFile when the content is longer than the limit.
var ErrTooLarge = errors.New("store: file too large")

// filesDir is where attachments live inside the data directory: never a served folder.
func filesDir(dataDir string) string { return filepath.Join(dataDir, "files") }

// AttachmentPath is where the file with this SHA-256 lives: <dataDir>/files/<first 2 hex>/<sha>.
// Only a well-formed hash names a path (a name never comes from a user); anything else gives "".
func AttachmentPath(dataDir, sha string) string {
	if !validSHA256(sha) {
		return ""
	}
	return filepath.Join(filesDir(dataDir), sha[:2], sha)
}

// validSHA256 reports whether s is 64 lower-case hex digits.
func validSHA256(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Upload is a file streamed into the data directory and hashed, waiting to be checked: Keep
// moves it to its place by hash, Discard removes it. Until then it is a temporary file that
// nothing refers to.
type Upload struct {
	SHA256 string
	Size   int64

	dataDir string
	tmp     string // "" once kept or discarded
}

// Spool streams r into a temporary file in the data directory while hashing it, and syncs it
// to disk. Nothing is held in memory but a copy buffer. Longer than limit bytes: ErrTooLarge.
// On every error the temporary file is removed; an error from r is returned wrapped.
func Spool(dataDir string, r io.Reader, limit int64) (*Upload, error) {
	dir := filesDir(dataDir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return nil, fmt.Errorf("store: temporary file in %s: %w", dir, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		err = fmt.Errorf("store: receive file: %w", err)
	case n > limit:
		err = fmt.Errorf("store: file longer than %d bytes: %w", limit, ErrTooLarge)
	default:
		if err = f.Sync(); err != nil {
			err = fmt.Errorf("store: sync %s: %w", f.Name(), err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("store: close %s: %w", f.Name(), cerr)
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &Upload{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, dataDir: dataDir, tmp: f.Name()}, nil
}

// Open opens the spooled content for reading, to check it before it is kept.
func (u *Upload) Open() (*os.File, error) {
	if u.tmp == "" {
		return os.Open(AttachmentPath(u.dataDir, u.SHA256))
	}
	return os.Open(u.tmp)
}

// Keep moves the file to its place by hash (a rename, atomic; the same content uploaded twice is
// one file) and syncs the directories, so the file survives a power loss once Keep returns.
func (u *Upload) Keep() error {
	if u.tmp == "" {
		return nil
	}
	final := AttachmentPath(u.dataDir, u.SHA256)
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("store: create %s: %w", dir, err)
	}
	if err := os.Rename(u.tmp, final); err != nil {
		return fmt.Errorf("store: keep file %s: %w", u.SHA256, err)
	}
	u.tmp = ""
	if err := syncDir(dir); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

// Discard removes the file if it was not kept; it is safe to call more than once and after Keep.
func (u *Upload) Discard() error {
	if u == nil || u.tmp == "" {
		return nil
	}
	err := os.Remove(u.tmp)
	u.tmp = ""
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: discard upload: %w", err)
	}
	return nil
}

// StoreFile streams r into the data directory under its SHA-256 (temporary file, fsync, rename)
// and returns the hash and size. Longer than limit bytes: ErrTooLarge, and nothing is stored.
func StoreFile(dataDir string, r io.Reader, limit int64) (sha string, size int64, err error) {
	u, err := Spool(dataDir, r, limit)
	if err != nil {
		return "", 0, err
	}
	if err := u.Keep(); err != nil {
		u.Discard()
		return "", 0, err
	}
	return u.SHA256, u.Size, nil
}

// syncDir makes a directory's entries (a rename, a new file) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("store: sync %s: %w", dir, err)
	}
	return nil
}

// AttachmentError says that a stored file is not the one its attachment recorded: missing, or
// its bytes changed. The server refuses to hand it out; juece audit verify lists it.
type AttachmentError struct {
	Attachment Attachment
	Reason     string // in Chinese
}

func (e *AttachmentError) Error() string {
	return fmt.Sprintf("附件 %d（%s，决策 %d）%s，已拒绝提供。请从备份恢复该文件（SHA-256 %s）",
		e.Attachment.ID, e.Attachment.Label, e.Attachment.DecisionID, e.Reason, e.Attachment.SHA256)
}

// OpenAttachment opens a's stored file after checking that its bytes still hash to a.SHA256
// and number a.Size: a changed file is an *AttachmentError, never served. The file is returned
// at its start.
func OpenAttachment(dataDir string, a Attachment) (*os.File, error) {
	f, err := os.Open(AttachmentPath(dataDir, a.SHA256))
	if errors.Is(err, os.ErrNotExist) {
		return nil, &AttachmentError{Attachment: a, Reason: "的文件不存在"}
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", a.ID, err)
	}
	if err := checkAttachment(f, a); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: attachment %d: %w", a.ID, err)
	}
	return f, nil
}

// checkAttachment hashes r to its end and compares it with what a recorded.
func checkAttachment(r io.Reader, a Attachment) error {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return fmt.Errorf("store: attachment %d: %w", a.ID, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.SHA256 || n != a.Size {
		return &AttachmentError{Attachment: a, Reason: fmt.Sprintf("的文件内容已被改动（现有 %d 字节，SHA-256 %s；上传时 %d 字节）", n, got, a.Size)}
	}
	return nil
}

// VerifyAttachments re-hashes every stored file that an attachment names and lists those that
// are missing or changed (each content once, with the first attachment that names it); n is how
// many files were checked.
func (db *DB) VerifyAttachments(ctx context.Context, dataDir string) (bad []*AttachmentError, n int, err error) {
	all, err := collect(ctx, db.read, scanAttachment, "SELECT "+attachmentColumns+" FROM attachments ORDER BY id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: attachments: %w", err)
	}
	seen := map[string]bool{}
	for _, a := range all {
		if seen[a.SHA256] {
			continue
		}
		seen[a.SHA256] = true
		n++
		f, err := OpenAttachment(dataDir, a)
		var ae *AttachmentError
		switch {
		case errors.As(err, &ae):
			bad = append(bad, ae)
		case err != nil:
			return nil, n, err
		default:
			f.Close()
		}
		if err := ctx.Err(); err != nil {
			return nil, n, err
		}
	}
	return bad, n, nil
}
