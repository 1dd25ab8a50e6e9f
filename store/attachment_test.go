package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"juece/workflow"
)

// leftovers lists the files under dir/files that are not kept attachments: temporary uploads.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "files"), func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !e.IsDir() && p != AttachmentPath(dir, e.Name()) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStoreFile(t *testing.T) {
	dir := t.TempDir()
	body := []byte("%PDF-1.7\n决策草案\n")
	sum := sha256.Sum256(body)
	want := hex.EncodeToString(sum[:])

	sha, size, err := StoreFile(dir, bytes.NewReader(body), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if sha != want || size != int64(len(body)) {
		t.Fatalf("StoreFile = %s, %d; want %s, %d", sha, size, want, len(body))
	}
	path := AttachmentPath(dir, sha)
	if path != filepath.Join(dir, "files", want[:2], want) {
		t.Fatalf("AttachmentPath = %s", path)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("stored file: %q, %v", got, err)
	}

	// The same content again is the same file.
	if sha2, _, err := StoreFile(dir, bytes.NewReader(body), 1<<20); err != nil || sha2 != sha {
		t.Fatalf("second StoreFile = %s, %v", sha2, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "files", want[:2]))
	if len(entries) != 1 {
		t.Errorf("same content stored %d times", len(entries))
	}

	// Exactly the limit is fine; one byte more is ErrTooLarge and leaves nothing behind.
	if _, _, err := StoreFile(dir, bytes.NewReader(body), int64(len(body))); err != nil {
		t.Errorf("file of exactly the limit: %v", err)
	}
	big := bytes.Repeat([]byte("x"), 1000)
	if _, _, err := StoreFile(dir, bytes.NewReader(big), 999); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: err = %v, want ErrTooLarge", err)
	}
	bigSum := sha256.Sum256(big)
	if _, err := os.Stat(AttachmentPath(dir, hex.EncodeToString(bigSum[:]))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("oversize file was stored: %v", err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}

	// A reader that fails: its error comes back, and no temporary file stays.
	boom := errors.New("connection reset")
	if _, _, err := StoreFile(dir, &failingReader{data: big, err: boom}, 1<<20); !errors.Is(err, boom) {
		t.Errorf("failing reader: err = %v", err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left after a failed read: %v", l)
	}
}

type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestSpoolDiscard(t *testing.T) {
	dir := t.TempDir()
	u, err := Spool(dir, strings.NewReader("<html>"), 100)
	if err != nil {
		t.Fatal(err)
	}
	f, err := u.Open()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := u.Discard(); err != nil {
		t.Fatal(err)
	}
	if err := u.Discard(); err != nil {
		t.Errorf("second Discard: %v", err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("discarded upload left %v", l)
	}
	if _, err := os.Stat(AttachmentPath(dir, u.SHA256)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("discarded upload was kept: %v", err)
	}
}

func TestAttachmentPathRefusesNames(t *testing.T) {
	for _, s := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/",
		"..", strings.Repeat("a", 65)} {
		if p := AttachmentPath("/data", s); p != "" {
			t.Errorf("AttachmentPath(%q) = %q", s, p)
		}
	}
}

func TestAddAttachment(t *testing.T) {
	f := newDecisionFixture(t)
	id := f.create("决策", f.unit)
	other := f.create("另一决策", f.otherUnit)
	sha := strings.Repeat("ab", 32)
	before := f.load(id).Version
	var aid int64
	err := f.write(id, func(tx *Tx, d *workflow.Decision) (err error) {
		aid, err = tx.AddAttachment(f.ctx, f.clerk, f.at(), d, Attachment{Kind: "revision", Label: "草案.pdf",
			SHA256: sha, Size: 2048, ContentType: "application/pdf"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := f.load(id).Version; v != before+1 {
		t.Errorf("version %d → %d, want one bump", before, v)
	}
	evs := f.history(id)
	e := evs[len(evs)-1]
	if e.Action != "add_attachment" || e.Summary != "上传附件《草案.pdf》（2 KB，SHA-256 abababababab）" {
		t.Errorf("event %s %q", e.Action, e.Summary)
	}
	if !hasChange(e.Changes, Change{Field: "SHA-256", After: sha}) || !hasChange(e.Changes, Change{Field: "附件类别", After: "决策草案"}) {
		t.Errorf("changes %+v", e.Changes)
	}
	a, err := f.db.Attachment(f.ctx, id, aid)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != "revision" || a.Label != "草案.pdf" || a.SHA256 != sha || a.Size != 2048 ||
		a.ContentType != "application/pdf" || a.UploadedBy != f.clerk.UserID || !a.UploadedAt.Equal(f.now) || a.DecisionID != id {
		t.Errorf("attachment %+v", a)
	}
	if _, err := f.db.Attachment(f.ctx, other, aid); !errors.Is(err, ErrNotFound) {
		t.Errorf("attachment through another decision: %v", err)
	}
	list, err := f.db.Attachments(f.ctx, id)
	if err != nil || len(list) != 1 || list[0] != a {
		t.Errorf("Attachments = %+v, %v", list, err)
	}
	if list, _ := f.db.Attachments(f.ctx, other); len(list) != 0 {
		t.Errorf("other decision lists %+v", list)
	}

	// Refused writes leave no row, no event, no version bump.
	snapshot := dumpDecisionTables(t, f.db)
	for _, bad := range []Attachment{
		{Kind: "comment", Label: "x", SHA256: sha, ContentType: "text/plain"},
		{Kind: "revision", Label: "x", SHA256: "../../etc/passwd", ContentType: "text/plain"},
		{Kind: "revision", Label: "", SHA256: sha, ContentType: "text/plain"},
		{Kind: "revision", Label: strings.Repeat("长", 201), SHA256: sha, ContentType: "text/plain"},
	} {
		err := f.write(id, func(tx *Tx, d *workflow.Decision) error {
			_, err := tx.AddAttachment(f.ctx, f.clerk, f.at(), d, bad)
			return err
		})
		if err == nil {
			t.Errorf("AddAttachment(%+v) accepted", bad)
		}
	}
	if dumpDecisionTables(t, f.db) != snapshot {
		t.Error("a refused attachment changed the database")
	}
	if list, _ := f.db.Attachments(f.ctx, id); len(list) != 1 {
		t.Errorf("%d attachments after refused writes", len(list))
	}

	for _, stmt := range []string{"UPDATE attachments SET label = 'x'", "DELETE FROM attachments"} {
		err := f.db.InTx(f.ctx, func(tx *Tx) error {
			_, err := tx.tx.ExecContext(f.ctx, stmt)
			return err
		})
		if err == nil {
			t.Errorf("%s was allowed", stmt)
		}
	}
}

// TestAttachmentKindsEqualCheck keeps the table's CHECK list equal to AttachmentKinds.
func TestAttachmentKindsEqualCheck(t *testing.T) {
	f := newDecisionFixture(t)
	var schema string
	if err := f.db.read.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'attachments'").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`record_kind IN \(([^)]*)\)`).FindStringSubmatch(schema)
	if m == nil {
		t.Fatalf("no CHECK list in %s", schema)
	}
	var kinds []string
	for _, k := range AttachmentKinds {
		kinds = append(kinds, "'"+k.Kind+"'")
	}
	if got, want := m[1], strings.Join(kinds, ", "); got != want {
		t.Errorf("CHECK list %s, AttachmentKinds %s", got, want)
	}
	for _, k := range AttachmentKinds {
		if k.Kind == AttachmentGeneral {
			continue
		}
		found := false
		for _, role := range workflow.Roles {
			for _, st := range workflow.States {
				found = found || workflow.MayRecord(role, workflow.Record(k.Kind), st)
			}
		}
		if !found {
			t.Errorf("attachment kind %s is not a record", k.Kind)
		}
	}
}
