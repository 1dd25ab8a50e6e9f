package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestDossierAndExport(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	id := clerk.createDecision("城市公共交通票价调整方案")
	a.login("secretary").mustSend(id, "/start", url.Values{"decided_on": {a.day(0)}, "basis": {"常务会议纪要"}})
	clerk.mustSend(id, "/revisions", url.Values{"body": {"第一条 为规范城市公共交通票价……"}})

	aud := a.login("auditor")
	st, doc := aud.get("/decisions/" + itoa(id) + "/dossier")
	if st != http.StatusOK || !strings.Contains(doc.Find("h1").Text(), "城市公共交通票价调整方案") {
		t.Fatalf("dossier: %d", st)
	}
	if doc.Find("form").Length() != 0 {
		t.Fatal("the dossier is a document: no forms")
	}
	if got, want := doc.Find("#history tbody tr").Length(), a.eventCount(id); got != want {
		t.Fatalf("dossier history: %d rows for %d events", got, want)
	}
	if !strings.Contains(doc.Find("#proposal").Text(), "市交通运输局") || !strings.Contains(doc.Find("#drafting").Text(), "为规范城市公共交通票价") {
		t.Fatal("the dossier lacks the stage records")
	}

	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/decisions/"+itoa(id)+"/export.zip", nil)
	res, err := aud.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, _ := f.Open()
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	for _, name := range []string{"dossier.html", "app.css", "history.jsonl", "manifest.json"} {
		if len(files[name]) == 0 {
			t.Fatalf("export lacks %s", name)
		}
	}
	if n := strings.Count(string(files["history.jsonl"]), "\n"); n != a.eventCount(id) {
		t.Fatalf("history.jsonl: %d lines for %d events", n, a.eventCount(id))
	}
	var m struct {
		ChainHead struct {
			Seq  int64
			Hash string
		} `json:"chain_head"`
		Files []struct {
			Path   string
			SHA256 string
		}
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.ChainHead.Seq == 0 || len(m.ChainHead.Hash) != 64 || len(m.Files) != len(files)-1 {
		t.Fatalf("manifest: %+v", m)
	}
	for _, f := range m.Files {
		sum := sha256.Sum256(files[f.Path])
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Fatalf("manifest hash of %s does not match", f.Path)
		}
	}

	// Another unit cannot take the dossier either.
	if st, _ := a.login("clerk2").get("/decisions/" + itoa(id) + "/export.zip"); st != http.StatusNotFound {
		t.Fatalf("other unit's export: want 404, got %d", st)
	}
}
