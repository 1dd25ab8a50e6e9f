package workflow

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A document number (文号) as official documents write it (GB/T 9704—2012 7.2.4): the
// issuing organ's code, the year in 六角括号〔〕 and the serial number, e.g. 澜政发〔2026〕12号.
var (
	docNumberPattern = regexp.MustCompile(`^([^\s〔〕]+?)〔(\d{4})〕(\d+)号$`)
	// docNumberBrackets: a year in the brackets people type instead.
	docNumberBrackets = regexp.MustCompile(`[\[【(（［]\s*\d{4}\s*[\]】)）］]`)
)

// docNumberBasis is the standard the form of a document number follows.
const docNumberBasis = "GB/T 9704—2012"

// docNumberProblems checks a document number typed into field: its form, and its year against
// the day of publication (a document is numbered in the year it is issued, at the latest in the
// year it is published). An empty number is for the gates to judge.
func docNumberProblems(field, number string, publishedOn time.Time, prefixes []string) []Problem {
	if number == "" {
		return nil
	}
	problem := func(format string, args ...any) []Problem {
		return []Problem{{Field: field, Basis: docNumberBasis, Message: fmt.Sprintf(format, args...)}}
	}
	m := docNumberPattern.FindStringSubmatch(number)
	switch {
	case m == nil && docNumberBrackets.MatchString(number):
		return problem("文号“%s”的年份须用六角括号〔〕，如 澜政发〔2026〕12号，不用 []、【】或（）", number)
	case m == nil:
		return problem("文号“%s”的写法不对：应为 发文机关代字〔年份〕序号号，如 澜政发〔2026〕12号", number)
	}
	if len(prefixes) > 0 && !slices.Contains(prefixes, m[1]) {
		return problem("文号“%s”的发文机关代字“%s”不是本市设置的代字（%s）", number, m[1], strings.Join(prefixes, "、"))
	}
	year, _ := strconv.Atoi(m[2])
	if !publishedOn.IsZero() {
		if published := publishedOn.In(Shanghai).Year(); year > published || year < published-1 {
			return problem("文号“%s”的年份 %d 与公布日期所在的 %d 年不符，请核对", number, year, published)
		}
	}
	return nil
}
