package web_test

// Uploads (issue 7, item 7). The size limit and its memory bound, HTML and script refused by
// content, and a name reduced to a label are in attachment_test.go (TestAttachmentTooLarge,
// TestAttachmentRefusedByContent, TestAttachmentNameIsOnlyALabel); this adds what they leave
// out: markup behind a valid PDF header, more ways to spell a path, a check of the whole
// temporary tree rather than the data directory, and uploads refused for who sends them before
// a byte of the file is read.

import (
	"bytes"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree lists every file under root, relative to it.
func tree(t *testing.T, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out[rel] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSecurityUploadNamesAndContent(t *testing.T) {
	a := newApp(t)
	id, clerk := draftingDecision(a)
	data := filepath.Dir(a.db.Path())
	root := filepath.Dir(data) // the test's whole temporary tree, the data directory inside it
	before := tree(t, root)

	// Markup is refused whatever comes first.
	for _, c := range []struct{ name, content string }{
		{"报告.pdf", "%PDF-1.7\n<html><script>alert(1)</script></html>"},
		{"报告.pdf", "%PDF-1.7\n<iframe src=//evil.example>"},
		{"报告.pdf", "\xef\xbb\xbf<!DOCTYPE html><script>alert(1)</script>"},
		{"说明.txt", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"},
		{"说明.txt", "起草说明 <svg onload=alert(1)>"},
	} {
		if r := clerk.upload(id, "revision", c.name, []byte(c.content)); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s %q: %d, want 422", c.name, c.content, r.status)
		}
	}
	if n := len(a.attachments(id)); n != 0 {
		t.Fatalf("%d markup files stored", n)
	}

	// Paths in every spelling: kept as a label, never as a path.
	names := []string{"../../../../../../tmp/juece-escape.pdf", "/etc/juece-escape.pdf", `C:\Windows\juece-escape.pdf`,
		`\\server\share\juece-escape.pdf`, "..%2f..%2fjuece-escape.pdf", "....//....//juece-escape.pdf", "..", "./.",
		"juece-escape.pdf\x00.txt", "files/../../juece-escape.pdf", "~/juece-escape.pdf"}
	accepted := 0
	for _, n := range names {
		r := clerk.upload(id, "revision", n, samplePDF)
		switch r.status {
		case http.StatusSeeOther:
			accepted++
			list := a.attachments(id)
			if label := list[len(list)-1].Label; strings.ContainsAny(label, `/\`) || label == ".." || strings.ContainsRune(label, 0) {
				t.Errorf("%q kept as label %q", n, label)
			}
		case http.StatusUnprocessableEntity: // a name that is no name at all
		default:
			t.Errorf("%q: %d", n, r.status)
		}
	}
	after := tree(t, root)
	for f := range after {
		if before[f] {
			continue
		}
		inData := strings.HasPrefix(f, filepath.Join(filepath.Base(data), "files")+string(filepath.Separator)) ||
			strings.HasPrefix(f, filepath.Join(filepath.Base(data), "checkpoints")+string(filepath.Separator)) ||
			strings.HasPrefix(f, filepath.Join(filepath.Base(data), "juece.db"))
		if !inData || strings.Contains(f, "escape") {
			t.Errorf("an upload wrote %s", f)
		}
	}
	for _, p := range []string{"/tmp/juece-escape.pdf", "/etc/juece-escape.pdf", filepath.Join(root, "juece-escape.pdf")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists", p)
		}
	}
	t.Logf("uploads: 5 markup files refused by content; %d path-like names (%d accepted as labels), no file written outside the data directory's files (%d files in the tree)", len(names), accepted, len(after))
}

// uploadBig streams a 40 MiB PDF upload with the token and version given, without a length.
func (c *client) uploadBig(id int64, csrf, version string) (int, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		var err error
		for _, f := range [][2]string{{"_csrf", csrf}, {"version", version}, {"kind", "decision"}} {
			if err == nil {
				err = mw.WriteField(f[0], f[1])
			}
		}
		var part io.Writer
		if err == nil {
			part, err = mw.CreateFormFile("file", "大文件.pdf")
		}
		if err == nil {
			_, err = io.Copy(part, io.MultiReader(bytes.NewReader(samplePDF), io.LimitReader(zeroReader{}, 40<<20)))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+"/decisions/"+itoa(id)+"/attachments", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func TestSecurityUploadRefusedBeforeReading(t *testing.T) {
	a := newApp(t)
	id, _ := draftingDecision(a)
	version := itoa(a.decision(id).Version)
	anon := a.anon()
	anon.get("/login")
	for _, c := range []struct {
		who    string
		c      *client
		status int
	}{
		{"anonymous", anon, http.StatusSeeOther},
		{"another unit's clerk", a.login("clerk2"), http.StatusNotFound},
		{"auditor", a.login("auditor"), http.StatusForbidden},
		{"admin", a.login("admin"), http.StatusNotFound},
	} {
		var status int
		var err error
		if alloc := allocated(func() { status, err = c.c.uploadBig(id, c.c.csrf, version) }); alloc > 8<<20 {
			t.Errorf("%s: a refused 40 MiB upload allocated %d MiB", c.who, alloc>>20)
		}
		if err != nil {
			t.Errorf("%s: %v", c.who, err)
		} else if status != c.status {
			t.Errorf("%s: %d, want %d", c.who, status, c.status)
		}
	}
	if n := len(a.attachments(id)); n != 0 || len(a.dataFiles()) != 0 {
		t.Errorf("refused uploads left %d attachments, files %v", n, a.dataFiles())
	}
	t.Logf("uploads: 4 refused senders of 40 MiB each answered before the file was read, under 8 MiB allocated each, nothing stored")
}
