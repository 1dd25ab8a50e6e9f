package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// TestAgendaNeedsFairCompetitionReview: the agenda package is what the records hold
// (条例第29条); a matter that concerns market activity cannot go before the meeting without its
// fair-competition review, and once the clerk records it the meeting is recorded.
func TestAgendaNeedsFairCompetitionReview(t *testing.T) {
	a := newApp(t)
	clerk, rev := a.users["clerk"].Actor(), a.users["reviewer"].Actor()
	id := a.seedDecision("江澜市促进民营经济高质量发展若干措施", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		today := workflow.Day(at)
		if err := tx.UpdateFlags(ctx, clerk, at, d, workflow.Flags{MarketActivity: true}); err != nil {
			return err
		}
		if _, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "一、放宽市场准入。"}); err != nil {
			return err
		}
		if err := tx.SaveFeedback(ctx, clerk, at, d, workflow.Feedback{PublishedOn: today, Channel: "门户网站", Summary: "采纳情况"}); err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.SkipHearing, workflow.RiskAssessment); err != nil {
			return err
		}
		if err := tx.SetStateForTest(ctx, clerk, at, d, workflow.SkipRisk, workflow.LegalityReview, "不涉及风险"); err != nil {
			return err
		}
		if _, err := tx.AddSubmission(ctx, clerk, at, d, workflow.ReviewSubmission{LegalBasis: "《民营经济促进法》", Procedures: "已征求意见", SubmittedOn: today}); err != nil {
			return err
		}
		if _, err := tx.AddReview(ctx, rev, at, d, workflow.Review{Conclusion: workflow.ConclusionLegal, Authority: "有权",
			Procedure: "合法", Substance: "合法", Advisers: "法律顾问"}); err != nil {
			return err
		}
		return move(ctx, tx, rev, at, d, workflow.ReviewPass, workflow.CollectiveDiscussion)
	})
	a.clock.Add(14 * 24 * time.Hour) // past the review period
	sec, cl := a.login("secretary"), a.login("clerk")
	meeting := url.Values{"kind": {"standing"}, "number": {"第30次常务会议"}, "held_on": {a.day(0)}, "attendees": {"市长、副市长"},
		"legal_head_attended": {"1"}}

	_, doc := sec.get("/decisions/" + itoa(id))
	if unmet := doc.Find(".agenda-package li.unmet").Text(); !strings.Contains(unmet, "公平竞争审查结论") {
		t.Fatalf("the meeting form does not show the missing review: %q", unmet)
	}
	events := a.eventCount(id)
	r := sec.send(id, "/meetings", meeting)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "公平竞争审查结论") || !strings.Contains(r.text(), "条例第29条") ||
		r.doc.Find(`input[name="number"]`).AttrOr("value", "") != "第30次常务会议" {
		t.Fatalf("a meeting without the fair-competition review: %d: %s", r.status, r.text())
	}
	if a.eventCount(id) != events || len(a.decision(id).Meetings) != 0 {
		t.Fatal("the refused meeting was recorded")
	}
	if r := cl.send(id, "/fair-competition", url.Values{"reviewed_on": {a.day(1)}, "reviewer": {"市发展和改革委员会"},
		"conclusion": {"no_effect"}, "summary": {"逐项审查"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a review dated tomorrow: %d", r.status)
	}
	cl.mustSend(id, "/fair-competition", url.Values{"reviewed_on": {a.day(0)}, "reviewer": {"市发展和改革委员会"},
		"conclusion": {"no_effect"}, "summary": {"对照审查标准逐项审查，不含排除、限制竞争的内容"}})
	sec.mustSend(id, "/meetings", meeting)
	_, doc = sec.get("/decisions/" + itoa(id))
	if text := doc.Find("#collective_discussion").Text(); !strings.Contains(text, "公平竞争审查结论") || !strings.Contains(text, "合法性审查意见") {
		t.Fatalf("the recorded meeting's agenda package: %s", text)
	}
}
