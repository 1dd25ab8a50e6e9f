package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/store/textclean"
	"juece/workflow"
)

// BenchmarkPublicCommentsPage serves the portal's pages of a fare consultation with 5,000
// comments (seedFareComments: 207 groups), through the router, to a citizen: the
// consultation's page once the feedback is published (its first page, with the draft, and its
// third page of groups), the published decision's page, the page of an open consultation with
// 5,000 comments still pending, where the form is, and the decision in the open data's API,
// which carries every comment.
func BenchmarkPublicCommentsPage(b *testing.B) {
	a := newApp(b)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, benchComments)
	a.disposeFareComments(id)
	open := a.seedConsultation("城市公共交通线网优化方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(open, benchComments)
	a.clock.Add(time.Hour)
	citizen := a.anon()
	for _, x := range []struct{ name, path, want string }{
		{"consultation", fmt.Sprintf("/public/consultations/%d", id), "共 207 组"},
		{"consultation-page3", fmt.Sprintf("/public/consultations/%d?page=3", id), "公众意见第 3 页，共 5 页"},
		{"decision", fmt.Sprintf("/public/decisions/%d", id), "共 207 组"},
		{"open", fmt.Sprintf("/public/consultations/%d", open), "提交意见"},
		{"api-decision", fmt.Sprintf("/api/v1/public/decisions/%d", id), "第8组意见"}, // every comment, one by one
	} {
		st, body := citizen.fetch(x.path)
		if st != http.StatusOK || !strings.Contains(body, x.want) {
			b.Fatalf("%s: %d, lacks %q", x.path, st, x.want)
		}
		b.Run(x.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if status, _ := citizen.fetch(x.path); status != http.StatusOK {
					b.Fatalf("%s: %d", x.path, status)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(len(body))/1024, "page-KiB")
		})
	}
}

// disposeFareComments answers every comment of the fare consultation id as its clerk would
// on the comments page, a group at a time (the comments of their own with one answer), then
// publishes the feedback and the decision, both today.
func (a *app) disposeFareComments(id int64) {
	a.t.Helper()
	groups := map[string][]string{}
	var order []string
	for _, x := range a.decision(id).Comments {
		k := textclean.GroupKey(x.Body)
		if strings.Contains(x.Body, "早高峰增加班次") { // a comment of its own
			k = "own"
		} else if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], itoa(x.ID))
	}
	order = append(order, "own")
	c := a.login("clerk")
	c.get(fmt.Sprintf("/decisions/%d/comments", id))
	disps := []string{"not_adopted", "adopted", "adopted", "partly", "adopted", "partly", "irrelevant", "partly"}
	for i, k := range order {
		r := c.post(fmt.Sprintf("/decisions/%d/comments/dispose", id), url.Values{"sel": {strings.Join(groups[k], ",")},
			"disposition": {disps[i%len(disps)]}, "reason": {fmt.Sprintf("第%d组意见的研究处理理由", i+1)}})
		if r.status != http.StatusSeeOther {
			a.t.Fatalf("dispose group %d: %d", i+1, r.status)
		}
	}
	ctx, clerk, sec := context.Background(), a.users["clerk"].Actor(), a.users["secretary"].Actor()
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		at := a.clock.Now()
		if err := tx.SaveFeedback(ctx, clerk, at, d, workflow.Feedback{PublishedOn: workflow.Day(at), Channel: "市人民政府门户网站",
			Summary: "共收到意见5000条，已逐条研究"}); err != nil {
			return err
		}
		if err := move(ctx, tx, sec, at, d, workflow.Approve, workflow.Published); err != nil {
			return err
		}
		return tx.SavePublication(ctx, sec, at, d, workflow.Publication{DocNumber: "澜政发〔2026〕30号", PublishedOn: workflow.Day(at),
			Channels: "政府公报", Text: "城市公共交通票价调整方案正文", Explanation: "意见采纳情况说明"})
	})
	if err != nil {
		a.t.Fatal(err)
	}
}
