package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"juece/workflow"
)

// benchComments is the size of the fare consultation the comments benchmarks run on.
const benchComments = 5000

// BenchmarkCommentsPage serves the comments page of a consultation with 5,000 comments (mostly
// the same few opinions, typed a little differently) to its clerk, through the router: the
// first page of groups, the pending ones, and the largest group opened.
func BenchmarkCommentsPage(b *testing.B) {
	a := newApp(b)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, benchComments)
	c := a.login("clerk")
	first := a.decision(id).Comments[0].ID // the first comment opens the largest group
	for _, x := range []struct{ name, query string }{
		{"groups", ""},
		{"pending", "?status=pending&source=" + url.QueryEscape(workflow.PublicCommentSource)},
		{"group", fmt.Sprintf("?group=%d&page=3", first)},
	} {
		b.Run(x.name, func(b *testing.B) {
			path := fmt.Sprintf("/decisions/%d/comments%s", id, x.query)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if status, _ := c.fetch(path); status != http.StatusOK {
					b.Fatalf("%s: %d", path, status)
				}
			}
			// The CPU time of the process (server and client), which other work on a shared
			// machine does not inflate as it does the wall time of ns/op.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkCommentsDisposeAll disposes of all 5,000 comments of the fare consultation as a
// clerk would on the comments page, through the router: each opinion's group with its own
// answer, then the comments of their own a page (50) at a time. It reports the actions (POSTs)
// it took; one op is the whole job, the seeding not counted.
func BenchmarkCommentsDisposeAll(b *testing.B) {
	answers := map[string][2]string{
		"票价上涨过高": {"not_adopted", "票价依据成本监审结果确定，同时扩大低收入群体优惠"},
		"学生优惠":   {"adopted", "保留学生优惠，改为刷卡实名认证"},
		"老年人免费":  {"adopted", "保留65周岁以上老年人免费乘车"},
		"末班车":    {"partly", "主要线路末班车延长至22:30"},
		"支持票价调整": {"adopted", "同步实施服务质量考核"},
		"换乘优惠":   {"partly", "公交与BRT换乘优惠先行实施，地铁另行研究"},
		"乱停车":    {"irrelevant", "不属于本次票价调整事项，已转交城市管理部门"},
	}
	var actions int
	for b.Loop() {
		b.StopTimer()
		a := newApp(b)
		id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
		a.seedFareComments(id, benchComments)
		c := a.login("clerk")
		pending := fmt.Sprintf("/decisions/%d/comments?status=pending", id)
		dispose := func(sel []string, disp, reason string) {
			actions++
			r := c.post(fmt.Sprintf("/decisions/%d/comments/dispose", id), url.Values{"sel": sel, "disposition": {disp}, "reason": {reason}, "status": {"pending"}})
			if r.status != http.StatusSeeOther {
				b.Fatalf("dispose: %d %s", r.status, r.text())
			}
		}
		actions = 0
		b.StartTimer()
		_, doc := c.get(pending)
		// Each opinion's group, with its answer.
		for text, ans := range answers {
			doc.Find("table.comments tbody tr").EachWithBreak(func(_ int, s *goquery.Selection) bool {
				if !strings.Contains(s.Find(".comment-text").Text(), text) {
					return true
				}
				dispose([]string{s.Find(`input[name="sel"]`).AttrOr("value", "")}, ans[0], ans[1])
				return false
			})
		}
		// The rest, each saying something of its own about a bus line: a page at a time.
		for {
			_, doc = c.get(pending)
			all := doc.Find("#sel-page").AttrOr("value", "") // 本页全部待处理意见: one tick
			if all == "" {
				all = doc.Find(`input[name="sel"]`).AttrOr("value", "")
			}
			if all == "" {
				break
			}
			dispose([]string{all}, "partly", "纳入公交线网优化方案，高峰班次逐线研究")
		}
		b.StopTimer()
		for _, x := range a.decision(id).Comments {
			if x.Disposition == workflow.DispositionNone {
				b.Fatalf("comment %s still pending after %d actions", x.Ref, actions)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(actions), "actions")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
