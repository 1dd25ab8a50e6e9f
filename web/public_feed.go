package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// atomFeed is the Atom (RFC 4287) document of open consultations.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// publicFeed lists the open public consultations as an Atom feed, the newest first, so that
// citizens and newsrooms can follow them without visiting the portal.
func (s *Server) publicFeed(c echo.Context) error {
	rows, err := s.db.OpenConsultations(c.Request().Context(), s.today())
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].From.After(rows[j].From) })
	// Links come from the configured public address, never from the request's Host (which
	// anyone can set, and a shared cache would keep): without one they are relative to the
	// feed. Ids are the same either way.
	base := s.publicURL
	feed := atomFeed{
		Title:  "重大行政决策公开征求意见",
		ID:     feedID("/feed"),
		Link:   []atomLink{{Href: base + "/public/feed.atom", Rel: "self"}, {Href: base + "/public"}},
		Author: atomAuthor{Name: "重大行政决策公众参与平台"},
	}
	updated := time.Unix(0, 0)
	for _, r := range rows {
		path := fmt.Sprintf("/consultations/%d", r.ID)
		feed.Entries = append(feed.Entries, atomEntry{
			Title: r.Title, ID: feedID(path), Updated: feedStamp(r.From), Link: atomLink{Href: base + "/public" + path},
			Summary: fmt.Sprintf("承办单位：%s；征求意见期间：%s 至 %s", r.UnitName,
				r.From.In(workflow.Shanghai).Format("2006年1月2日"), r.To.In(workflow.Shanghai).Format("2006年1月2日")),
		})
		if r.From.After(updated) {
			updated = r.From
		}
	}
	feed.Updated = feedStamp(updated)
	body, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), body...))
}

// feedID is the id of a feed or an entry at path: the same whatever address juece is reached at.
func feedID(path string) string { return "urn:juece:public" + strings.ReplaceAll(path, "/", ":") }

// feedStamp is a time as Atom writes it.
func feedStamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
