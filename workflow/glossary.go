package workflow

import "strings"

// Term is one of the government's words for what juece shows, with the words it replaces:
// colloquial, outdated (the legal office is the 司法局 since 2018) or the system's own jargon.
type Term struct {
	Use string   // the word every page uses ("" when the wrong one is simply wrong)
	Not []string // words no page may use instead
}

// Glossary holds the words a page might otherwise get wrong. Roles, stages, events and records
// take their names from their Label methods in this package; this list keeps the free text of
// pages, forms and messages to the same words (issue 16 item 8), and glossary_test.go reads
// the sources of the pages against it.
var Glossary = []Term{
	{Use: "行政首长决定", Not: []string{"首长决定"}},
	{Use: "公开征求意见", Not: []string{"提交征求意见"}},
	{Use: "合法性审查人员", Not: []string{"法制机构审查员"}},
	{Use: "共同承办单位", Not: []string{"协办单位"}},
	{Use: "负责领导", Not: []string{"负责的领导"}},
	{Use: "审计人员", Not: []string{"审计/监察", "监委"}},
	{Use: "用阅读器订阅", Not: []string{"订阅（Atom）"}},
	{Use: "系统错误", Not: []string{"出错了"}},
	{Use: "年度重大行政决策统计", Not: []string{"工作报告"}},
	{Use: "九成事项不超过", Not: []string{"百分位数"}},
	{Not: []string{"。。"}}, // a doubled full stop, from a message ending in one put before another
}

// Misworded lists the replaced words text uses, each with the word to use instead.
func Misworded(text string) [][2]string {
	var out [][2]string
	for _, t := range Glossary {
		rest := text
		if t.Use != "" {
			rest = strings.ReplaceAll(text, t.Use, "\x00") // the right word may contain a wrong one
		}
		for _, w := range t.Not {
			if strings.Contains(rest, w) {
				out = append(out, [2]string{w, t.Use})
			}
		}
	}
	return out
}
