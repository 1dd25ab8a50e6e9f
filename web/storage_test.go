package web_test

// Out of space (issue 15, item 2): a write the storage cannot take answers 503 with a message
// and what was typed, writes nothing, /healthz says not ready, and juece recovers by itself once
// there is space again.

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"juece/web"
	"juece/workflow"
)

// smallDisk is where a test fills the disk: a 16 MiB tmpfs when the tests run as root and may
// mount one, else a temp dir whose database is capped with SQLite's max_page_count. fill makes
// it full; free gives the space back.
type smallDisk struct {
	dir        string
	tmpfs      bool
	fill, free func()
}

func newSmallDisk(t *testing.T, tryTmpfs bool) *smallDisk {
	d := &smallDisk{dir: t.TempDir()}
	if tryTmpfs && os.Geteuid() == 0 {
		if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", d.dir).Run(); err == nil {
			d.tmpfs = true
			t.Cleanup(func() { exec.Command("umount", "-l", d.dir).Run() })
		}
	}
	return d
}

// prepare arms fill and free for the app's database.
func (d *smallDisk) prepare(t *testing.T, a *app) {
	raw, err := sql.Open("sqlite", a.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	filler := filepath.Join(d.dir, "filler")
	if d.tmpfs {
		d.fill = func() {
			// The write-ahead log is emptied first, so the next write must grow it.
			if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(filler)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			chunk := make([]byte, 4096)
			for {
				if _, err := f.Write(chunk); errors.Is(err, syscall.ENOSPC) {
					return
				} else if err != nil {
					t.Fatal(err)
				}
			}
		}
		d.free = func() { os.Remove(filler) }
		return
	}
	d.fill = func() {
		// No free pages left inside the file, and no room to grow it: a write that needs a new
		// page fails as on a full disk.
		if _, err := raw.Exec("VACUUM"); err != nil {
			t.Fatal(err)
		}
		var pages int64
		if err := raw.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if err := a.db.SetMaxPages(context.Background(), pages); err != nil {
			t.Fatal(err)
		}
	}
	d.free = func() {
		if err := a.db.SetMaxPages(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStorageFullAnswers503AndRecovers(t *testing.T) {
	t.Run("max_page_count", func(t *testing.T) { testStorageFull(t, newSmallDisk(t, false)) })
	t.Run("tmpfs", func(t *testing.T) {
		disk := newSmallDisk(t, true)
		if !disk.tmpfs {
			t.Skip("no tmpfs: the tests do not run as root, or may not mount")
		}
		testStorageFull(t, disk)
	})
}

func testStorageFull(t *testing.T, disk *smallDisk) {
	a := newAppIn(t, disk.dir)
	logs := a.serveWith(web.Options{MinFreeSpace: 1 << 20})
	disk.prepare(t, a)
	pub := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	clerk := a.login("clerk")
	citizen := a.anon()
	citizen.get("/public/consultations/" + itoa(pub))
	if st, _ := clerk.fetch("/healthz"); st != http.StatusOK {
		t.Fatalf("healthz before: %d", st)
	}

	disk.fill()
	before, comments := a.fingerprint(), a.commentCount(pub)
	t.Logf("disk full (tmpfs %v)", disk.tmpfs)

	// A staff form: 503, the message, what was typed in a form that sends it again. The texts
	// are long enough to need new pages of the database.
	long := strings.Repeat("因磁盘已满而未能保存的长篇内容。", 400)
	proposal := proposalForm("磁盘满时提交的事项")
	proposal.Set("problem", long)
	r := clerk.post("/decisions", proposal)
	if r.doc == nil {
		t.Fatalf("a new decision on a full disk: %d, no page", r.status)
	}
	retry := r.doc.Find("#retry-form")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.text(), "存储空间不足") ||
		!strings.Contains(retry.Find(`textarea[name="title"]`).Text(), "磁盘满时提交的事项") || retry.Find(`textarea[name="problem"]`).Text() != long {
		t.Fatalf("a new decision on a full disk: %d %s", r.status, r.text())
	}
	// A citizen's comment: 503, the comment in the portal's form.
	comment := strings.Repeat("磁盘满时写下的意见。", 190)
	r = citizen.post("/public/consultations/"+itoa(pub), url.Values{"body": {comment}, "author": {"市民"}})
	if r.doc == nil {
		t.Fatalf("a comment on a full disk: %d, no page", r.status)
	}
	if r.status != http.StatusServiceUnavailable || r.doc.Find(`textarea[name="body"]`).Text() != comment ||
		r.doc.Find(`input[name="author"]`).AttrOr("value", "") != "市民" || !strings.Contains(r.text(), "存储空间不足") {
		t.Fatalf("a comment on a full disk: %d %s", r.status, r.text())
	}
	// A login is no 500 either.
	if r := a.anon().post("/login", url.Values{"username": {"reviewer"}, "password": {testPassword}}); r.status >= 500 && r.status != http.StatusServiceUnavailable {
		t.Errorf("login on a full disk: %d", r.status)
	}
	if st, body := clerk.fetch("/healthz"); st != http.StatusServiceUnavailable || !strings.Contains(body, "not ready") {
		t.Errorf("healthz on a full disk: %d %q", st, body)
	}
	if after := a.fingerprint(); after != before || a.commentCount(pub) != comments {
		t.Errorf("something was written on a full disk: %s → %s", before, after)
	}
	if l := logs.String(); !strings.Contains(l, "storage fault") || !strings.Contains(l, "Free space on the filesystem") {
		t.Errorf("the log does not say what happened and what to do:\n%s", l)
	}

	// Space is back: healthz is ready, the retry form and the comment go through.
	disk.free()
	if st, body := clerk.fetch("/healthz"); st != http.StatusOK {
		t.Fatalf("healthz after space is back: %d %q", st, body)
	}
	form := url.Values{}
	retry.Find("textarea, input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "_csrf" {
			return
		}
		if v, ok := s.Attr("value"); ok {
			form.Add(name, v)
		} else {
			form.Add(name, s.Text())
		}
	})
	if r := clerk.post("/decisions", form); r.status != http.StatusSeeOther {
		t.Errorf("the retry form once space is back: %d %s", r.status, r.text())
	}
	if r := citizen.post("/public/consultations/"+itoa(pub), url.Values{"body": {comment}}); r.status != http.StatusOK ||
		r.doc.Find(".receipt-ref").Text() == "" {
		t.Errorf("the comment once space is back: %d %s", r.status, r.text())
	}
	if _, err := a.db.VerifyChain(context.Background(), nil); err != nil {
		t.Errorf("the history after the full disk: %v", err)
	}
}

// TestHealthzFreeSpace: /healthz is not ready while the data directory has less free space than
// the minimum, and says so.
func TestHealthzFreeSpace(t *testing.T) {
	a := newApp(t)
	a.serveWith(web.Options{MinFreeSpace: 1 << 62})
	if st, body := a.anon().fetch("/healthz"); st != http.StatusServiceUnavailable || !strings.Contains(body, "free space") {
		t.Errorf("healthz with too little free space: %d %q", st, body)
	}
	a.serveWith(web.Options{MinFreeSpace: 1})
	if st, body := a.anon().fetch("/healthz"); st != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz: %d %q", st, body)
	}
}
