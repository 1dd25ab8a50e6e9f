package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// publicCommentsPageNo is the page of comments a portal page asks for (?page=, 1 without it);
// anything but a page number is not found.
func publicCommentsPageNo(c echo.Context) (int, error) {
	v := c.QueryParam("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, errNotFound
	}
	return n, nil
}

// publicCommentGroups reads page n of d's comments for its portal page at path, grouped as the
// portal shows them; a page past the last is not found. The caller has checked that the
// comments may be shown.
func (s *Server) publicCommentGroups(c echo.Context, d *workflow.Decision, path string, n int) (views.PublicComments, error) {
	data, err := s.db.PublicCommentGroups(c.Request().Context(), d.ID, n)
	if err != nil {
		return views.PublicComments{}, err
	}
	p := views.PublicComments{Total: data.Total, Comments: data.Comments, PageNo: n, Path: path,
		Pages: max(1, (data.Total+store.CommentsPerPage-1)/store.CommentsPerPage), Offset: (n - 1) * store.CommentsPerPage}
	if n > p.Pages {
		return views.PublicComments{}, errNotFound
	}
	for _, g := range data.Groups {
		x := views.PublicCommentGroup{Ref: g.Ref, Body: g.Body, Count: g.Count}
		for _, h := range g.Handling {
			x.Handling = append(x.Handling, views.PublicHandling{Disposition: h.Disposition, Reason: h.Reason, Count: h.Count})
		}
		p.Groups = append(p.Groups, x)
	}
	return p, nil
}

// noComments is the comments part of a portal page that shows none: the first page, empty.
func noComments(path string) views.PublicComments {
	return views.PublicComments{PageNo: 1, Pages: 1, Path: path}
}
