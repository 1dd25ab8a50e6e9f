// Package dossier assembles a decision's dossier (卷宗, 条例第33条) from the store for the views
// to render: the page the server shows and the archive that the server and `juece export` both
// write. It sits beside the server, so that the CLI exports without the web package.
package dossier

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"time"

	"juece/static"
	"juece/store"
	"juece/views"
	"juece/workflow"
)

// Page gathers everything the dossier shows. In an export (standalone) links point inside the
// zip; on the site they point at the server.
func Page(ctx context.Context, db *store.DB, d *workflow.Decision, madeBy string, now time.Time, standalone bool) (views.DossierPage, error) {
	users, err := db.Users(ctx)
	if err != nil {
		return views.DossierPage{}, err
	}
	names := make(map[int64]string, len(users))
	for _, x := range users {
		names[x.ID] = x.DisplayName
	}
	events, err := db.History(ctx, d.ID)
	if err != nil {
		return views.DossierPage{}, err
	}
	head, err := db.Head(ctx)
	if err != nil {
		return views.DossierPage{}, err
	}
	files, err := db.Attachments(ctx, d.ID)
	if err != nil {
		return views.DossierPage{}, err
	}
	p := views.DossierPage{
		Decision:   views.DecisionPage{D: d, Users: names, Now: now, Can: map[workflow.Record]bool{}, Forms: map[string]*views.Form{}},
		ChainSeq:   head.Seq,
		ChainHead:  head.Hash,
		MadeAt:     now,
		MadeBy:     madeBy,
		Stylesheet: "/static/app.css",
	}
	if standalone {
		p.Stylesheet = "app.css"
	}
	if d.Kind == workflow.KindNormative {
		env, err := db.Rules(ctx)
		if err != nil {
			return views.DossierPage{}, err
		}
		env.Now = now
		n := views.NewNormPanel(d, env)
		p.Norm = &n
	}
	for _, e := range events {
		p.History = append(p.History, HistoryItem(e))
	}
	for _, f := range files {
		link := fmt.Sprintf("/decisions/%d/attachments/%d", d.ID, f.ID)
		if standalone {
			link = fileName(f)
		}
		p.Attachments = append(p.Attachments, views.DossierFile{Label: f.Label, Kind: recordLabel(string(f.Kind)),
			Size: f.Size, SHA256: f.SHA256, Path: link})
	}
	return p, nil
}

// HistoryItem is an event as the timeline and the dossier show it.
func HistoryItem(e store.Event) views.HistoryItem {
	h := views.HistoryItem{At: e.At, Who: e.UserName, Role: e.Role.Label(), Action: e.Action, Summary: e.Summary}
	if e.FromState != "" || e.ToState != "" {
		h.From, h.To = stateLabel(e.FromState), stateLabel(e.ToState)
	}
	for _, ch := range e.Changes {
		h.Changes = append(h.Changes, views.ChangeItem{Field: ch.Field, Before: ch.Before, After: ch.After})
	}
	return h
}

func stateLabel(s workflow.State) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

// recordLabel names a record kind in Chinese; files of the decision as a whole are its own.
func recordLabel(kind string) string {
	if kind == workflow.AttachGeneral {
		return "决策事项"
	}
	return workflow.Record(kind).Label()
}

// fileName is where an attachment sits inside an export: named by its hash, so a label can
// never climb out of the folder, with the label kept for the reader.
func fileName(f store.Attachment) string {
	return "attachments/" + f.SHA256[:16] + "-" + path.Base(cleanLabel(f.Label))
}

func cleanLabel(s string) string {
	out := []rune{}
	for _, r := range s {
		if r < 0x20 || r == '/' || r == '\\' || r == ':' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}

// manifestEntry is one file of an export with its SHA-256.
type manifestEntry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Export writes decision id's dossier as a zip: the dossier page and its stylesheet, the
// history as JSON lines, the attachments (kept under dataDir), and a manifest with the SHA-256
// of every file and the history chain's head at export time.
func Export(ctx context.Context, db *store.DB, dataDir string, id int64, madeBy string, now time.Time, w io.Writer) error {
	d, err := db.Decision(ctx, id)
	if err != nil {
		return err
	}
	p, err := Page(ctx, db, d, madeBy, now, true)
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	var manifest []manifestEntry
	put := func(name string, body []byte) error {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if _, err := fw.Write(body); err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		manifest = append(manifest, manifestEntry{Path: name, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])})
		return nil
	}
	var page bytes.Buffer
	if err := views.Dossier(p).Render(ctx, &page); err != nil {
		return err
	}
	if err := put("dossier.html", page.Bytes()); err != nil {
		return err
	}
	css, err := static.Files.ReadFile("app.css")
	if err != nil {
		return err
	}
	if err := put("app.css", css); err != nil {
		return err
	}
	events, err := db.History(ctx, id)
	if err != nil {
		return err
	}
	var lines bytes.Buffer
	enc := json.NewEncoder(&lines)
	enc.SetEscapeHTML(false)
	for _, e := range events {
		if err := enc.Encode(historyLine(e)); err != nil {
			return err
		}
	}
	if err := put("history.jsonl", lines.Bytes()); err != nil {
		return err
	}
	files, err := db.Attachments(ctx, id)
	if err != nil {
		return err
	}
	for _, f := range files {
		// The manifest hashes what is exported: a file changed on disk must not be vouched for.
		file, err := store.OpenAttachment(dataDir, f)
		if err != nil {
			return fmt.Errorf("export %d: %w", id, err)
		}
		body, err := io.ReadAll(file)
		file.Close()
		if err != nil {
			return fmt.Errorf("export %d: attachment %d: %w", id, f.ID, err)
		}
		if err := put(fileName(f), body); err != nil {
			return err
		}
	}
	m, err := json.MarshalIndent(map[string]any{
		"decision_id": id, "title": d.Title, "exported_at": now.UTC().Format(time.RFC3339),
		"exported_by": madeBy, "chain_head": map[string]any{"seq": p.ChainSeq, "hash": p.ChainHead},
		"files": manifest,
	}, "", "  ")
	if err != nil {
		return err
	}
	fw, err := z.Create("manifest.json")
	if err != nil {
		return err
	}
	if _, err := fw.Write(m); err != nil {
		return err
	}
	return z.Close()
}

// historyLine is one event as history.jsonl carries it.
func historyLine(e store.Event) map[string]any {
	return map[string]any{
		"id": e.ID, "decision_id": e.DecisionID, "at": e.At.UTC().Format(time.RFC3339Nano), "user_id": e.UserID,
		"user_name": e.UserName, "role": string(e.Role), "action": e.Action, "from_state": string(e.FromState),
		"to_state": string(e.ToState), "summary": e.Summary, "changes": e.Changes,
	}
}
