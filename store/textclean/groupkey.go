package textclean

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// GroupKey is the key under which identical and near-identical comments are grouped: the text
// folded by NFKC (full-width letters, digits and signs become their ordinary forms), in lower
// case, without punctuation, symbols, spaces or invisible format characters. So "票价上涨过高！",
// "票价上涨过高。" and "票价 上涨 过高" share a key, while a comment that says anything more
// does not. An empty key is a comment of punctuation alone.
func GroupKey(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.In(r, unicode.Cf, unicode.Cc) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
