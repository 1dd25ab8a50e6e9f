package web

import (
	"bytes"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The decision page's main part (views.DecisionMain: the records, the checklist, the buttons
// and forms) is the same for everyone with the same role and unit, apart from the session's
// CSRF token: it is kept rendered under the decision's store.PageStamp and reused. The frame
// (the user's name, unread messages, the token) and a flash are drawn per request, and so is
// every page that shows a refused form. The stamp is read from the database on every request,
// after any write the reader made has committed: a reader never gets a page older than its own
// write, nor older than anyone's write that could change what the page shows. A kept page
// answers a conditional GET with 304 when nothing it shows has changed (decision_etag.go).

// keptPagesBytes bounds the memory the kept pages take: a main part is some 16 KB, so about a
// thousand decisions seen by one role.
const keptPagesBytes = 16 << 20

// pageVariant is what, besides the stamp, changes the main part: who looks (role and unit,
// the heads' flags; a reviewer who drafted may not sign the review) and the time it speaks of
// (the hours in the stage, the day of the due dates and of the forms' default dates). Whatever
// else of the user the page comes to show must join it.
type pageVariant struct {
	role                workflow.Role
	unit                int64
	legalHead, unitHead bool
	drafter             bool
	day                 string
	waited              string
}

// keptDecision is one decision's rendered main parts at one stamp, and what a request needs
// to choose among them without loading the decision.
type keptDecision struct {
	stamp      store.PageStamp
	title      string
	stateSince time.Time
	drafters   map[int64]bool
	variants   map[pageVariant][][]byte // the main part split where the CSRF token goes
	size       int
}

// keptPages is the kept decisions by id, bounded by the pages' size, the least recently used
// going first.
type keptPages struct {
	mu sync.Mutex
	*sizedLRU[int64, *keptDecision]
	// slot stands for the CSRF token in a kept page: random, so no typed text can forge it.
	slot []byte
}

func newKeptPages(max int) *keptPages {
	return &keptPages{sizedLRU: newSizedLRU[int64, *keptDecision](max), slot: []byte("csrf-" + randomToken())}
}

// decision is what is kept of decision id at stamp st, or nil.
func (k *keptPages) decision(id int64, st store.PageStamp) *keptDecision {
	k.mu.Lock()
	defer k.mu.Unlock()
	if kd, ok := k.peek(id); !ok || kd.stamp != st {
		return nil
	}
	kd, _ := k.get(id)
	return kd
}

// page is the kept main part of kd for v, or nil.
func (k *keptPages) page(kd *keptDecision, v pageVariant) [][]byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	return kd.variants[v]
}

// put keeps a main part rendered for v from d, which is at least as new as st. A page of an
// older stamp never replaces one of a newer.
func (k *keptPages) put(st store.PageStamp, d *workflow.Decision, v pageVariant, parts [][]byte) {
	size := partsSize(parts)
	if size > k.max/8 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	kd, ok := k.peek(d.ID)
	if ok && kd.stamp.Head > st.Head {
		return
	}
	if !ok || kd.stamp != st {
		kd = &keptDecision{stamp: st, title: d.Title, stateSince: d.StateSince, drafters: d.Drafters(),
			variants: map[pageVariant][][]byte{}}
	}
	kd.size += size - partsSize(kd.variants[v])
	kd.variants[v] = parts
	k.sizedLRU.put(d.ID, kd, kd.size)
}

// partsSize is the bytes of a main part split around its CSRF slots.
func partsSize(parts [][]byte) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// variantFor is the variant user u sees of a decision that entered its stage at since.
func variantFor(u *store.User, drafters map[int64]bool, since, now time.Time) pageVariant {
	return pageVariant{role: u.Role, unit: u.UnitID, legalHead: u.IsLegalHead, unitHead: u.IsUnitHead, drafter: drafters[u.ID],
		day: views.ISODate(now), waited: views.Waiting(since, now)}
}

// decisionFromKept answers GET /decisions/:id from a kept main part, rendering and keeping it
// first when there is none for the current stamp.
func (s *Server) decisionFromKept(c echo.Context, u *store.User) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	st, err := s.db.PageStamp(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if st.Kind != workflow.KindMajor {
		// A normative document's page is drawn by its own view, and a department it consults
		// may read it: not kept.
		d, err := s.visibleDecision(c, u)
		if err != nil {
			return err
		}
		return s.renderDecision(c, u, d, http.StatusOK, nil, nil, "")
	}
	if !mayView(u, &workflow.Decision{UnitID: st.UnitID}) {
		s.log.Warn("denied", "method", c.Request().Method, "path", c.Request().URL.Path, "user", userName(c),
			"reason", "decision not visible")
		return errNotFound
	}
	now := s.now()
	var title string
	var parts [][]byte
	if kd := s.pages.decision(id, st); kd != nil {
		title = kd.title
		v := variantFor(u, kd.drafters, kd.stateSince, now)
		if parts = s.pages.page(kd, v); parts != nil && notModified(c, s.decisionETag(c, u, st, v)) {
			return answerNotModified(c)
		}
	}
	if parts == nil {
		// Loaded after the stamp was read: at least as new as the stamp.
		d, err := s.db.Decision(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		if !mayView(u, d) {
			return errNotFound
		}
		p, err := s.decisionPage(c, u, d, nil, nil, "", "")
		if err != nil {
			return err
		}
		p.CSRF = string(s.pages.slot)
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer bufPool.Put(buf)
		if err := views.DecisionMain(p).Render(ctx, buf); err != nil {
			return err
		}
		parts = keptParts(buf.Bytes(), s.pages.slot)
		v := variantFor(u, d.Drafters(), d.StateSince, p.Now)
		s.pages.put(st, d, v, parts)
		title = d.Title
		if notModified(c, s.decisionETag(c, u, st, v)) {
			return answerNotModified(c)
		}
	}
	return writeFramed(c, page(c, title, "decisions"), parts)
}

// keptParts splits a rendered main part where the CSRF slot stands, copied into one allocation
// of exactly its size: the render's buffer, grown by doubling, is up to twice as large as the
// part, and the kept pages' bound counts only what they keep.
func keptParts(rendered, slot []byte) [][]byte {
	split := bytes.Split(rendered, slot)
	own := make([]byte, 0, len(rendered)-(len(split)-1)*len(slot))
	parts := make([][]byte, len(split))
	for i, p := range split {
		start := len(own)
		own = append(own, p...)
		parts[i] = own[start:len(own):len(own)]
	}
	return parts
}
