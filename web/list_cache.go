package web

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"juece/views"
	"juece/workflow"
)

// The worklists and the decision list spend most of their time drawing their rows (up to 100),
// and show the same to everyone with the same role and unit asking the same. Their main part
// is kept rendered, like the decision page's (decision_cache.go), under the head of the
// history (store.HistoryHead): every write moves it, so a newer head means a row may have
// changed. The head is read on every request, after any write the reader made has committed,
// and the rows are read after it: a reader never gets a part older than its own write. The
// frame (name, unread messages, the CSRF token) is drawn per request; the main part is drawn
// with no viewer at all, so nothing of one user can be kept for another.

// keptListsBytes bounds the memory the kept lists take: a worklist of 100 rows is some 60 KB.
const keptListsBytes = 4 << 20

// listKey is what, besides the head and the time, changes a list's main part.
type listKey struct {
	list  string // "worklist", "decisions"
	role  workflow.Role
	unit  int64  // the clerk's unit: a clerk sees only it; 0 for the other roles
	query string // the query as the list reads it
}

// keptList is a main part drawn at head, true from from until until (the next change of a
// time it shows: the day of the due dates, the hours or days a row has waited), split where
// the CSRF token goes.
type keptList struct {
	head        int64
	from, until time.Time
	parts       [][]byte
}

// keptLists is the kept list pages by key, bounded by their size.
type keptLists struct {
	mu sync.Mutex
	*sizedLRU[listKey, keptList]
}

func newKeptLists(max int) *keptLists {
	return &keptLists{sizedLRU: newSizedLRU[listKey, keptList](max)}
}

// page is the main part kept under key for head at now, or nil.
func (k *keptLists) page(key listKey, head int64, now time.Time) [][]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.peek(key)
	if !ok || l.head != head || now.Before(l.from) || !now.Before(l.until) {
		return nil
	}
	k.get(key)
	return l.parts
}

// put keeps l under key; a part of an older head never replaces one of a newer.
func (k *keptLists) put(key listKey, l keptList) {
	size := partsSize(l.parts)
	if size > k.max/8 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if old, ok := k.peek(key); ok && old.head > l.head {
		return
	}
	k.sizedLRU.put(key, l, size)
}

// listDraw draws a list's main part for the time now, with frame as its page (no viewer, the
// CSRF slot for the token), and says until when it holds.
type listDraw func(now time.Time, frame views.Page) (templ.Component, time.Time, error)

// listFromKept answers a list page titled title from the main part kept under key, drawing and
// keeping it first when there is none for the current head and time.
func (s *Server) listFromKept(c echo.Context, key listKey, title, active string, draw listDraw) error {
	ctx := c.Request().Context()
	head, err := s.db.HistoryHead(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	parts := s.lists.page(key, head, now)
	if parts == nil {
		// Drawn from rows read after the head: at least as new as it.
		main, until, err := draw(now, views.Page{Title: pageTitle(title), CSRF: string(s.pages.slot), Active: active})
		if err != nil {
			return err
		}
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer bufPool.Put(buf)
		if err := main.Render(ctx, buf); err != nil {
			return err
		}
		parts = keptParts(buf.Bytes(), s.pages.slot)
		s.lists.put(key, keptList{head: head, from: now, until: until, parts: parts})
	}
	return writeFramed(c, page(c, title, active), parts)
}

// writeFramed answers 200 with the frame p around a kept main part, the session's CSRF token
// written where the part was split.
func writeFramed(c echo.Context, p views.Page, parts [][]byte) error {
	token := []byte(p.CSRF)
	main := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, part := range parts {
			if i > 0 {
				if _, err := w.Write(token); err != nil {
					return err
				}
			}
			if _, err := w.Write(part); err != nil {
				return err
			}
		}
		return nil
	})
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := views.Layout(p).Render(templ.WithChildren(c.Request().Context(), main), buf); err != nil {
		return err
	}
	return c.Blob(200, "text/html; charset=utf-8", buf.Bytes())
}

// nextDay is the start of the day after t's in Asia/Shanghai: due dates and "today" change then.
func nextDay(t time.Time) time.Time {
	y, m, d := t.In(workflow.Shanghai).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, workflow.Shanghai)
}
