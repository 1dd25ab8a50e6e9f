package views

import (
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffLine is one line of a comparison between two drafts.
type DiffLine struct {
	Op   byte // ' ' kept, '-' removed, '+' added
	Text string
	// Parts are the line's runs of text for a line changed in place (a removed line paired
	// with the added one that replaces it): Changed marks the characters that differ.
	Parts []DiffPart
}

// DiffPart is a run of a changed line.
type DiffPart struct {
	Text    string
	Changed bool
}

// Bounds of a comparison: the line diff gives up refining after diffTimeout (it then reports
// larger changed blocks, still correct), and lines are compared character by character only
// when both are at most diffCharLine runes long. Memory stays linear in the texts' length
// (diff-match-patch's Myers bisection keeps two arrays of the edit distance's size).
const (
	diffTimeout  = time.Second
	diffCharLine = 2000
)

// LineDiff compares two drafts as a reader compares them: line by line, since drafts are
// written article by article, and inside a line replaced by another, character by character,
// so that a renumbered article shows only its number as changed.
func LineDiff(a, b string) []DiffLine {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	// Every line ends with a newline, the last one too, so that it is the same line token
	// whether or not lines follow it.
	x, y, lines := dmp.DiffLinesToRunes(a+"\n", b+"\n")
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(x, y, false), lines)
	var out []DiffLine
	var removed, added []string
	// A block of removed lines followed by added ones: the n-th removed line is taken as
	// replaced by the n-th added one, and the two are compared character by character.
	flush := func() {
		oldParts, newParts := make([][]DiffPart, len(removed)), make([][]DiffPart, len(added))
		for i := range min(len(removed), len(added)) {
			oldParts[i], newParts[i] = charParts(dmp, removed[i], added[i])
		}
		for i, l := range removed {
			out = append(out, DiffLine{Op: '-', Text: l, Parts: oldParts[i]})
		}
		for i, l := range added {
			out = append(out, DiffLine{Op: '+', Text: l, Parts: newParts[i]})
		}
		removed, added = nil, nil
	}
	for _, d := range diffs {
		ls := strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n")
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			removed = append(removed, ls...)
		case diffmatchpatch.DiffInsert:
			added = append(added, ls...)
		default:
			flush()
			for _, l := range ls {
				out = append(out, DiffLine{Op: ' ', Text: l})
			}
		}
	}
	flush()
	return out
}

// charParts compares a removed line with the added line that replaces it: the runs of each,
// the characters that differ marked; nil for lines too long to compare so.
func charParts(dmp *diffmatchpatch.DiffMatchPatch, old, new string) (oldParts, newParts []DiffPart) {
	if len([]rune(old)) > diffCharLine || len([]rune(new)) > diffCharLine {
		return nil, nil
	}
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(old, new, false))
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			oldParts = append(oldParts, DiffPart{Text: d.Text})
			newParts = append(newParts, DiffPart{Text: d.Text})
		case diffmatchpatch.DiffDelete:
			oldParts = append(oldParts, DiffPart{Text: d.Text, Changed: true})
		case diffmatchpatch.DiffInsert:
			newParts = append(newParts, DiffPart{Text: d.Text, Changed: true})
		}
	}
	return oldParts, newParts
}
