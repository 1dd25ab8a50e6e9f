package views

import (
	"fmt"

	"juece/workflow"
)

// PublicComments is one page of a decision's comments on the portal: identical and
// near-identical comments as one group with their count, the largest group first. Nothing
// of who sent them.
type PublicComments struct {
	Groups   []PublicCommentGroup
	Total    int    // groups
	Comments int    // comments
	PageNo   int    // from 1
	Pages    int    // at least 1
	Offset   int    // groups on the pages before this one
	Path     string // the portal page the comments are on
}

// PublicCommentGroup is a group of identical or near-identical comments: the earliest one's
// reference and text, how many, and how they were handled.
type PublicCommentGroup struct {
	Ref      string
	Body     string
	Count    int
	Handling []PublicHandling
}

// PublicHandling is one disposition with one reason given to Count comments of a group.
type PublicHandling struct {
	Disposition workflow.Disposition
	Reason      string
	Count       int
}

// URL is the address of page n of the comments, at the list.
func (p PublicComments) URL(n int) string {
	if n <= 1 {
		return p.Path + "#feedback"
	}
	return fmt.Sprintf("%s?page=%d#feedback", p.Path, n)
}

// PageLinks are the page numbers the pager links to: the first, the last and two either side
// of this one; 0 stands for the pages left out between.
func (p PublicComments) PageLinks() []int {
	var out []int
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= p.PageNo-2 && n <= p.PageNo+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}
