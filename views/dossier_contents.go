package views

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// ContentsEntry is one line of the dossier's contents list: a stage (its section) or one of
// its records (a heading inside it), with the anchor it links to.
type ContentsEntry struct {
	ID, Title string
	Records   []ContentsEntry
}

// withContents renders body, then writes the contents list read from what was rendered and the
// body after it. Read from the sections themselves, the list can only name anchors that exist,
// whichever stages and records a decision has.
func withContents(body templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var buf bytes.Buffer
		if err := body.Render(ctx, &buf); err != nil {
			return err
		}
		if err := dossierContents(contentsOf(buf.Bytes())).Render(ctx, w); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// contentsOf lists the sections of class "stage" with their h2, and the h3 with an id inside
// each, by the first text of each heading (its title, without the legal basis after it).
func contentsOf(page []byte) []ContentsEntry {
	var out []ContentsEntry
	z := html.NewTokenizer(bytes.NewReader(page))
	heading := "" // the id of the heading whose title is awaited
	level := ""
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			tok := z.Token()
			id, class := attr(tok, "id"), attr(tok, "class")
			switch {
			case tok.Data == "section" && hasClass(class, "stage") && id != "":
				out = append(out, ContentsEntry{ID: id})
			case tok.Data == "h2" && len(out) > 0 && out[len(out)-1].Title == "":
				heading, level = out[len(out)-1].ID, "h2"
			case tok.Data == "h3" && id != "" && len(out) > 0:
				heading, level = id, "h3"
			}
		case html.TextToken:
			title := strings.TrimSpace(string(z.Text()))
			if heading == "" || title == "" {
				continue
			}
			last := &out[len(out)-1]
			if level == "h2" {
				last.Title = title
			} else {
				last.Records = append(last.Records, ContentsEntry{ID: heading, Title: title})
			}
			heading = ""
		case html.EndTagToken:
			if t := z.Token().Data; t == "h2" || t == "h3" {
				heading = ""
			}
		}
	}
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasClass(class, want string) bool {
	for _, c := range strings.Fields(class) {
		if c == want {
			return true
		}
	}
	return false
}
