package views

import "juece/workflow"

// SearchPage is 全文检索: the search form and, once something was asked, what was found.
type SearchPage struct {
	Page
	Form  *Form  // the query as typed, and what was wrong with it
	Query string // what was searched for; "" shows the form alone
	Scope string // which decisions were searched, in words
	Items []SearchItem
	Total int // every matching record, the ones not shown included, counted up to CountedTo+1
	// CountedTo is where the count stops: a Total above it says only that there are more.
	CountedTo int
	// ShortOnly is, for a one-character query, how many of the newest records it may have been
	// limited to (0 for longer queries, which search all).
	ShortOnly int
}

// SearchItem is one record that matched, under the decision it belongs to.
type SearchItem struct {
	DecisionID int64
	Title      string
	State      workflow.State
	Unit       string
	Kind       string // what the match was found in, e.g. 公众意见
	Snippet    []SnippetPart
}

// SnippetPart is a run of a snippet's text: a match (shown marked) or the text around it.
// Both are plain text, escaped when rendered.
type SnippetPart struct {
	Text  string
	Match bool
}

// SearchKindLabel names, in Chinese, the kind of record a search hit was found in.
func SearchKindLabel(kind string) string {
	if l, ok := searchKindLabels[kind]; ok {
		return l
	}
	return kind
}

var searchKindLabels = map[string]string{
	"decision":    "决策事项",
	"revision":    "草案",
	"comment":     "公众意见",
	"opinion":     "会议发言",
	"meeting":     "会议记录",
	"expert":      "专家意见",
	"review":      "审查意见",
	"publication": "公布的决定",
	"hearing":     "听证记录",
}

// searchDescribedBy names the elements that describe the search field: its hint and its error.
func searchDescribedBy(f *Form) string {
	ids := f.ID("q") + "-hint"
	if f.Err("q") != "" {
		ids += " " + f.ID("q") + "-err"
	}
	return ids
}
