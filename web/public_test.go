package web_test

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"juece/store"
	"juece/web"
	"juece/workflow"
)

// seedDecision registers a decision of the clerk's unit directly through the store and lets
// build add the records and moves the test needs, in one transaction.
func (a *app) seedDecision(title string, build func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error) int64 {
	a.t.Helper()
	ctx, at := context.Background(), a.clock.Now()
	var id int64
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.CreateDecision(ctx, a.users["clerk"].Actor(), at, store.NewDecision{Title: title,
			Category: workflow.Category("public_service"), UnitID: a.units["市发展和改革委员会"],
			Proposal: workflow.Proposal{Kind: "department", Proposer: "市交通运输局", Problem: "问题", DecisionOrgan: "市人民政府"}})
		if err != nil {
			return err
		}
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if build == nil {
			return nil
		}
		return build(ctx, tx, d, at)
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// move puts d in state to without the gates: the portal only looks at what is recorded.
func move(ctx context.Context, tx *store.Tx, a workflow.Actor, at time.Time, d *workflow.Decision, ev workflow.Event, to workflow.State) error {
	return tx.SetStateForTest(ctx, a, at, d, ev, to, "")
}

// seedConsultation is a decision in consultation: draft 1 out for comment from today for 30
// days, and a later internal draft 2 that must never be shown.
func (a *app) seedConsultation(title string, flags workflow.Flags) int64 {
	clerk := a.users["clerk"].Actor()
	return a.seedDecision(title, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		today := workflow.Day(at)
		if err := tx.UpdateFlags(ctx, clerk, at, d, flags); err != nil {
			return err
		}
		r1, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "第一条 征求意见稿正文：实行阶梯票价。", Note: "初稿"})
		if err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.Submit, workflow.Consultation); err != nil {
			return err
		}
		if err := tx.SaveNotice(ctx, clerk, at, d, workflow.CommentNotice{RevisionID: r1, Channel: "市人民政府门户网站",
			HowToSubmit: "通过本页面或信函提交", Explanation: "起草说明：为规范票价。", StartsOn: today,
			EndsOn: today.AddDate(0, 0, 29), PublishedOn: today}); err != nil {
			return err
		}
		_, err = tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "内部修改稿：尚未公开的第九条", Note: "内部修改"})
		return err
	})
}

// cacheControl is the Cache-Control header of an anonymous GET.
func cacheControl(t *testing.T, a *app, path string) string {
	t.Helper()
	res, err := http.Get(a.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.Header.Get("Cache-Control")
}

func (a *app) commentCount(id int64) int { return len(a.decision(id).Comments) }

func TestPublicConsultationComment(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	citizen := a.anon()
	path := "/public/consultations/" + itoa(id)

	// The front page lists the open consultation; it is cacheable and sets no cookie.
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/public", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=60" || len(res.Cookies()) != 0 {
		t.Fatalf("GET /public: %d, Cache-Control %q, cookies %v", res.StatusCode, res.Header.Get("Cache-Control"), res.Cookies())
	}
	st, doc := citizen.get("/public")
	if st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "城市公共交通票价调整方案") ||
		doc.Find(`a[href="`+path+`"]`).Length() != 1 || doc.Find("nav").Length() != 0 {
		t.Fatalf("GET /public: %d, consultation not listed", st)
	}

	st, doc = citizen.get(path)
	text := doc.Find("main").Text()
	if st != http.StatusOK || !strings.Contains(text, "征求意见稿正文") || strings.Contains(text, "内部修改稿") ||
		!strings.Contains(text, "还剩 30 天") || !strings.Contains(text, "市发展和改革委员会") ||
		doc.Find(`form textarea[name="body"]`).Length() != 1 {
		t.Fatalf("consultation page: %d: %s", st, text)
	}

	clerk := a.login("clerk")
	staleVersion := clerk.version(id)
	before, events := a.decision(id).Version, a.eventCount(id)

	r := citizen.post(path, url.Values{"body": {"建议增加夜间公交线路"}, "author": {"赵小六"}, "contact": {"13900002222"}})
	ref := strings.TrimSpace(r.doc.Find(".receipt-ref").Text())
	if r.status != http.StatusOK || !strings.HasPrefix(ref, "YJ2026-") {
		t.Fatalf("comment: %d, ref %q: %s", r.status, ref, r.text())
	}
	d := a.decision(id)
	if d.Version != before {
		t.Fatalf("a public comment raised the version %d → %d", before, d.Version)
	}
	if len(d.Comments) != 1 || d.Comments[0].Ref != ref || d.Comments[0].Source != "网上征求意见" ||
		d.Comments[0].Disposition != workflow.DispositionNone || d.Comments[0].Author != "赵小六" {
		t.Fatalf("stored comments: %+v", d.Comments)
	}
	hist, err := a.db.History(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != events+1 || hist[len(hist)-1].UserName != "社会公众（网上意见征集平台）" || hist[len(hist)-1].UserID != 0 {
		t.Fatalf("history after the comment: %d events, last %+v", len(hist), hist[len(hist)-1])
	}

	aud := a.login("auditor")
	if st, doc := aud.get("/decisions/" + itoa(id) + "/history"); st != http.StatusOK || !strings.Contains(doc.Find("main").Text(), "社会公众（网上意见征集平台）") {
		t.Fatalf("history page: %d, the public is not named", st)
	}

	// The clerk sees it awaiting its disposition, and a form built before it still saves.
	_, doc = clerk.get("/decisions/" + itoa(id))
	if text := doc.Find("main").Text(); !strings.Contains(text, ref) || !strings.Contains(text, "待处理") {
		t.Fatalf("clerk's page lacks the comment %s awaiting disposition", ref)
	}
	form := url.Values{"method": {"symposium"}, "held_on": {a.day(0)}, "participants": {"市民代表"}, "summary": {"赞成"}, "version": {staleVersion}}
	if r := clerk.post("/decisions/"+itoa(id)+"/methods", form); r.status != http.StatusSeeOther {
		t.Fatalf("clerk's form built before the public comment: %d", r.status)
	}

	// Refusals store nothing.
	citizen.get(path)
	for name, tc := range map[string]struct {
		form url.Values
		want int
	}{
		"empty":    {url.Values{"body": {"  "}}, http.StatusUnprocessableEntity},
		"too long": {url.Values{"body": {strings.Repeat("长", 2001)}}, http.StatusUnprocessableEntity},
		"honeypot": {url.Values{"body": {"买药请联系"}, "website": {"http://spam.example"}}, http.StatusBadRequest},
		"no csrf":  {url.Values{"body": {"意见"}, "_csrf": {"forged-token-forged-token-forged-token"}}, http.StatusForbidden},
	} {
		if r := citizen.post(path, tc.form); r.status != tc.want {
			t.Errorf("%s: want %d, got %d", name, tc.want, r.status)
		}
	}
	if n := a.commentCount(id); n != 1 {
		t.Fatalf("refused comments were stored: %d comments", n)
	}
}

func TestPublicCommentRateLimit(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市停车收费调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	c := a.anon()
	c.get(path)
	for i := range 60 { // a mobile network's or an office's citizens, behind one address
		if r := c.post(path, url.Values{"body": {"意见" + itoa(int64(i))}}); r.status != http.StatusOK {
			t.Fatalf("comment %d: %d", i+1, r.status)
		}
	}
	// The 61st is refused with the page, its text kept in the form and the time to try again.
	r := c.post(path, url.Values{"body": {"第六十一条意见"}, "author": {"市民"}})
	if r.status != http.StatusTooManyRequests || r.doc.Find(`textarea[name="body"]`).Text() != "第六十一条意见" ||
		!strings.Contains(r.text(), "请于 2026-03-02 09:10（北京时间）后再提交") || r.doc.Find(`a[href="/public"]`).Length() == 0 {
		t.Fatalf("61st comment in ten minutes: want 429 with the text kept, got %d: %s", r.status, r.text())
	}
	if n := a.commentCount(id); n != 60 {
		t.Fatalf("want 60 comments stored, got %d", n)
	}
	a.clock.Add(11 * time.Minute)
	if r := c.post(path, url.Values{"body": {"十分钟后的意见"}}); r.status != http.StatusOK {
		t.Fatalf("comment after the window: %d", r.status)
	}
}

// TestPublicCommentSentTwice: the same text to the same consultation from the same address
// within minutes gets the first receipt and is stored once; other text, or the same text
// later, is a comment of its own.
func TestPublicCommentSentTwice(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市停车收费调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	c := a.anon()
	c.get(path)
	first := c.post(path, url.Values{"body": {"建议夜间停车免费"}})
	ref := first.doc.Find(".receipt-ref").Text()
	a.clock.Add(3 * time.Minute)
	again := c.post(path, url.Values{"body": {"建议夜间停车免费\r\n"}, "author": {"张三"}})
	if first.status != http.StatusOK || again.status != http.StatusOK || ref == "" || again.doc.Find(".receipt-ref").Text() != ref {
		t.Fatalf("sent twice: %d %q, then %d %q", first.status, ref, again.status, again.doc.Find(".receipt-ref").Text())
	}
	if n := a.commentCount(id); n != 1 {
		t.Fatalf("%d comments stored, want 1", n)
	}
	other := c.post(path, url.Values{"body": {"建议增加充电车位"}})
	a.clock.Add(11 * time.Minute)
	later := c.post(path, url.Values{"body": {"建议夜间停车免费"}})
	if other.doc.Find(".receipt-ref").Text() == ref || later.doc.Find(".receipt-ref").Text() == ref || a.commentCount(id) != 3 {
		t.Fatalf("other text and the same text later: %d comments", a.commentCount(id))
	}
}

// TestPublicErrorPagesAndRefusedComment: the portal's 404 and other refusals are its own pages
// leading back to /public, and a comment sent after the period keeps its text on the page.
func TestPublicErrorPagesAndRefusedComment(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市供水价格调整方案", workflow.Flags{AffectsInterests: true})
	c := a.anon()
	for _, p := range []string{"/public/decisions/999", "/public/consultations/abc", "/public/nothing", "/public/catalog?year=1999"} {
		r := c.exchange(http.MethodGet, p, nil, "", nil)
		body := string(r.body)
		if r.status != http.StatusNotFound || !strings.Contains(body, "公众参与首页") || strings.Contains(body, `href="/"`) ||
			!strings.Contains(body, `<body class="public">`) {
			t.Errorf("GET %s: %d, not the portal's page:\n%s", p, r.status, body)
		}
	}
	path := "/public/consultations/" + itoa(id)
	c.get(path)
	a.clock.Add(31 * 24 * time.Hour)
	r := c.post(path, url.Values{"body": {"期满后才写完的意见"}})
	if r.status != http.StatusUnprocessableEntity || r.doc.Find("#comment-unsent").Text() != "期满后才写完的意见" {
		t.Errorf("a comment after the period: %d, text kept %q", r.status, r.doc.Find("#comment-unsent").Text())
	}
}

func TestPublicConsultationClosesAfterPeriod(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市供水价格调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	c := a.anon()

	a.clock.Add(29 * 24 * time.Hour) // the last day: still open
	if _, doc := c.get(path); doc.Find(`textarea[name="body"]`).Length() != 1 || !strings.Contains(doc.Find("main").Text(), "还剩 1 天") {
		t.Fatal("the form is gone on the last day of the period")
	}
	if r := c.post(path, url.Values{"body": {"最后一天的意见"}}); r.status != http.StatusOK {
		t.Fatalf("comment on the last day: %d", r.status)
	}

	a.clock.Add(24 * time.Hour) // the day after EndsOn, Asia/Shanghai
	st, doc := c.get(path)
	if st != http.StatusOK || doc.Find(`textarea[name="body"]`).Length() != 0 ||
		!strings.Contains(doc.Find(".closed-notice").Text(), "已于") {
		t.Fatalf("after the period: %d, the form is still there or no notice", st)
	}
	if r := c.post(path, url.Values{"body": {"逾期意见"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("comment after the period: want 422, got %d", r.status)
	}
	if n := a.commentCount(id); n != 1 {
		t.Fatalf("want 1 comment, got %d", n)
	}
	if _, doc := c.get("/public"); doc.Find(`a[href="`+path+`"]`).Length() != 0 {
		t.Fatal("a closed consultation is still listed as open")
	}
}

// seedPublished takes a decision through every stage by the store, with internal records
// carrying marker strings that must never reach the portal.
func (a *app) seedPublished(title string) int64 {
	clerk, sec, rev := a.users["clerk"].Actor(), a.users["secretary"].Actor(), a.users["reviewer"].Actor()
	return a.seedDecision(title, func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		today := workflow.Day(at)
		steps := []func() error{
			func() error {
				return tx.UpdateFlags(ctx, clerk, at, d, workflow.Flags{AffectsInterests: true, HearingChosen: true})
			},
			func() error {
				r1, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "征求意见稿：第一条 票价分段。"})
				if err != nil {
					return err
				}
				if err := move(ctx, tx, clerk, at, d, workflow.Submit, workflow.Consultation); err != nil {
					return err
				}
				return tx.SaveNotice(ctx, clerk, at, d, workflow.CommentNotice{RevisionID: r1, Channel: "门户网站",
					HowToSubmit: "网上", StartsOn: today, EndsOn: today.AddDate(0, 0, 29), PublishedOn: today})
			},
			func() error {
				c, err := tx.AddComment(ctx, clerk, at, d, workflow.Comment{Source: "信函", Author: "钱多多",
					Contact: "13700003333", Body: "建议分时段定价"})
				if err != nil {
					return err
				}
				return tx.DisposeComment(ctx, clerk, at, d, c.ID, workflow.DispositionAdopted, "已采纳于第三条")
			},
			func() error {
				return tx.SaveFeedback(ctx, clerk, at, d, workflow.Feedback{PublishedOn: today, Channel: "门户网站", Summary: "共收到意见1条，采纳1条"})
			},
			func() error { return move(ctx, tx, clerk, at, d, workflow.ToHearing, workflow.Hearing) },
			func() error {
				return tx.SaveHearing(ctx, clerk, at, d, workflow.HearingRecord{NoticePublishedOn: today, NoticeChannel: "门户网站",
					HeldOn: today.AddDate(0, 0, 12), Place: "市政府第三会议室", SelectionMethod: "随机抽取",
					SelectionPublishedOn: today, ListPublishedOn: today, RecordSigned: true,
					RecordSummary: "听证笔录内部摘要QQQ", OpinionsHandling: "听证意见处理内部HHH"})
			},
			func() error {
				_, err := tx.AddParticipant(ctx, clerk, at, d, workflow.HearingParticipant{Name: "王五", Category: "利害关系人", Organisation: "公交乘客"})
				return err
			},
			func() error { return move(ctx, tx, clerk, at, d, workflow.ToRisk, workflow.RiskAssessment) },
			func() error {
				r := workflow.RiskReport{Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{}, Methods: "抽样调查",
					RiskPoints: "风险点内部PPPX", Measures: "措施", Contingency: "预案", Assessor: "评估人", AssessorUnit: "市发展和改革委员会",
					Controllable: true, AssessedOn: today}
				for _, dim := range workflow.Dimensions {
					r.Dimensions[dim] = workflow.DimensionAssessment{Level: workflow.LevelMedium, Analysis: "风险分析内部ZZZ"}
				}
				return tx.SaveRisk(ctx, clerk, at, d, r)
			},
			func() error { return move(ctx, tx, clerk, at, d, workflow.ToReview, workflow.LegalityReview) },
			func() error {
				_, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "送审稿内部DDD"})
				return err
			},
			func() error {
				_, err := tx.AddSubmission(ctx, clerk, at, d, workflow.ReviewSubmission{LegalBasis: "《价格法》", Procedures: "程序说明", SubmittedOn: today})
				return err
			},
			func() error {
				_, err := tx.AddReview(ctx, rev, at, d, workflow.Review{Conclusion: workflow.ConclusionLegal,
					Authority: "审查意见内部RRR", Procedure: "程序合法", Substance: "内容合法", Advisers: "法律顾问"})
				return err
			},
			func() error {
				return move(ctx, tx, rev, at, d, workflow.ReviewPass, workflow.CollectiveDiscussion)
			},
			func() error {
				mid, err := tx.AddMeeting(ctx, sec, at, d, workflow.Meeting{Kind: workflow.MeetingStanding, Number: "第20次常务会议",
					HeldOn: today, Attendees: "市长", LegalHeadAttended: true})
				if err != nil {
					return err
				}
				_, err = tx.AddOpinion(ctx, sec, at, d, mid, workflow.MeetingOpinion{Speaker: "副市长 孙立", Position: "副市长",
					Stance: workflow.StanceFor, Text: "会议发言内部MMM"})
				return err
			},
			func() error { return move(ctx, tx, sec, at, d, workflow.Approve, workflow.Published) },
			func() error {
				return tx.SavePublication(ctx, sec, at, d, workflow.Publication{DocNumber: "江政发〔2026〕12号", PublishedOn: today,
					Channels: "政府公报", Text: "正式公布文本PUBTEXT", Explanation: "意见采纳情况说明"})
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestPublicDecisionShowsOnlyWhatWasPublished(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	c := a.anon()
	secret := []string{"钱多多", "13700003333", "审查意见内部RRR", "会议发言内部MMM", "风险分析内部ZZZ", "风险点内部PPPX",
		"送审稿内部DDD", "听证笔录内部摘要QQQ", "听证意见处理内部HHH", "张明", "王静", "陈芳", "clerk", "reviewer"}
	pages := map[string][]string{
		"/public":                           {"城市公共交通票价调整方案", "江政发〔2026〕12号"},
		"/public/decisions/" + itoa(id):     {"正式公布文本PUBTEXT", "江政发〔2026〕12号", "建议分时段定价", "采纳", "已采纳于第三条", "共收到公众意见 1 条", "共收到意见1条，采纳1条"},
		"/public/consultations/" + itoa(id): {"征求意见稿：第一条"},
		"/public/hearings/" + itoa(id):      {"市政府第三会议室", "王五", "利害关系人"},
	}
	check := func() {
		t.Helper()
		for path, want := range pages {
			req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
			r := c.do(req)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, r.status)
			}
			if cc := cacheControl(t, a, path); cc != "public, max-age=60" {
				t.Errorf("GET %s: Cache-Control %q", path, cc)
			}
			html, _ := r.doc.Html()
			for _, w := range want {
				if !strings.Contains(html, w) {
					t.Errorf("GET %s lacks %q", path, w)
				}
			}
			for _, s := range secret {
				if strings.Contains(html, s) {
					t.Errorf("GET %s leaks %q", path, s)
				}
			}
		}
	}
	check()
	if _, doc := c.get("/public/consultations/" + itoa(id)); doc.Find(`textarea[name="body"]`).Length() != 0 {
		t.Fatal("a published decision still takes comments")
	}

	// Later: the evaluation conclusion.
	clerk := a.users["clerk"].Actor()
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		ctx, at := t.Context(), a.clock.Now()
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.Implement, workflow.Implementation); err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.Evaluate, workflow.PostEvaluation); err != nil {
			return err
		}
		return tx.SaveEvaluation(ctx, clerk, at, d, workflow.Evaluation{Trigger: "满一年", Evaluators: "第三方",
			EvaluatorUnit: "某咨询公司", ThirdParty: true, Opinions: "评估意见内部EEE", Conclusion: workflow.EvalContinue,
			Reasons: "预期目标基本实现", EvaluatedOn: workflow.Day(at)})
	})
	if err != nil {
		t.Fatal(err)
	}
	pages["/public/decisions/"+itoa(id)] = append(pages["/public/decisions/"+itoa(id)], "继续执行", "预期目标基本实现")
	secret = append(secret, "评估意见内部EEE")
	check()
}

func TestPublicNotFound(t *testing.T) {
	a := newApp(t)
	clerk := a.users["clerk"].Actor()
	sec := a.users["secretary"].Actor()
	drafting := a.seedDecision("起草中的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		if _, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "草稿"}); err != nil {
			return err
		}
		return move(ctx, tx, clerk, at, d, workflow.Start, workflow.Drafting)
	})
	secretMatter := a.seedConsultation("依法不得公开的事项", workflow.Flags{NotDisclosed: true, NotDisclosedReason: "涉及国家秘密"})
	futureNotice := a.seedDecision("公告尚未发布的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		r1, err := tx.AddRevision(ctx, clerk, at, d, workflow.Revision{Body: "草稿"})
		if err != nil {
			return err
		}
		if err := move(ctx, tx, clerk, at, d, workflow.Submit, workflow.Consultation); err != nil {
			return err
		}
		day := workflow.Day(at).AddDate(0, 0, 3)
		return tx.SaveNotice(ctx, clerk, at, d, workflow.CommentNotice{RevisionID: r1, Channel: "网站", HowToSubmit: "网上",
			StartsOn: day, EndsOn: day.AddDate(0, 0, 30), PublishedOn: day})
	})
	unannouncedHearing := a.seedDecision("听证公告未发布的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		if err := move(ctx, tx, clerk, at, d, workflow.ToHearing, workflow.Hearing); err != nil {
			return err
		}
		return tx.SaveHearing(ctx, clerk, at, d, workflow.HearingRecord{Place: "会议室", HeldOn: workflow.Day(at).AddDate(0, 0, 20)})
	})
	approvedUnpublished := a.seedDecision("已通过尚未公布的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		return move(ctx, tx, sec, at, d, workflow.Approve, workflow.Published)
	})
	consultation := a.seedConsultation("正在征求意见的事项", workflow.Flags{AffectsInterests: true})

	routes := []string{"/public/consultations/", "/public/hearings/", "/public/decisions/"}
	c := a.anon()
	_, missing := c.get("/public/decisions/999999")
	want := strings.TrimSpace(missing.Find("main").Text())
	expect404 := func(path string) {
		t.Helper()
		st, doc := c.get(path)
		if st != http.StatusNotFound || strings.TrimSpace(doc.Find("main").Text()) != want {
			t.Errorf("GET %s: want the same 404 as a missing id, got %d", path, st)
		}
	}
	for _, id := range []int64{drafting, secretMatter, futureNotice, unannouncedHearing, approvedUnpublished} {
		for _, r := range routes {
			expect404(r + itoa(id))
		}
	}
	for _, raw := range []string{"0", "999999", "01", "-1", "1x", "%201"} {
		for _, r := range routes {
			expect404(r + raw)
		}
	}
	// The open consultation has no hearing and no publication yet.
	expect404("/public/hearings/" + itoa(consultation))
	expect404("/public/decisions/" + itoa(consultation))
	// A comment to a decision not open for comment is refused the same way.
	c.get("/public/consultations/" + itoa(consultation)) // a page with the form: the CSRF token
	if r := c.post("/public/consultations/"+itoa(secretMatter), url.Values{"body": {"意见"}}); r.status != http.StatusNotFound {
		t.Errorf("comment to an undisclosed matter: want 404, got %d", r.status)
	}
	if n := a.commentCount(secretMatter); n != 0 {
		t.Fatalf("comment stored on an undisclosed matter")
	}
}

func TestPublicHearing(t *testing.T) {
	a := newApp(t)
	clerk := a.users["clerk"].Actor()
	id := a.seedDecision("城市燃气价格调整方案", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		today := workflow.Day(at)
		if err := move(ctx, tx, clerk, at, d, workflow.ToHearing, workflow.Hearing); err != nil {
			return err
		}
		if err := tx.SaveHearing(ctx, clerk, at, d, workflow.HearingRecord{NoticePublishedOn: today, NoticeChannel: "门户网站",
			HeldOn: today.AddDate(0, 0, 12), Place: "市政府第五会议室", SelectionMethod: "自愿报名、随机抽取",
			SelectionPublishedOn: today, ListPublishedOn: today.AddDate(0, 0, 3)}); err != nil {
			return err
		}
		_, err := tx.AddParticipant(ctx, clerk, at, d, workflow.HearingParticipant{Name: "李四", Category: "群众代表", Organisation: "燃气用户"})
		return err
	})
	c := a.anon()
	path := "/public/hearings/" + itoa(id)
	if _, doc := c.get("/public"); doc.Find(`a[href="`+path+`"]`).Length() != 1 {
		t.Fatal("the upcoming hearing is not listed")
	}
	st, doc := c.get(path)
	text := doc.Find("main").Text()
	if st != http.StatusOK || !strings.Contains(text, "市政府第五会议室") || !strings.Contains(text, "自愿报名、随机抽取") ||
		strings.Contains(text, "李四") || !strings.Contains(text, "尚未公布") {
		t.Fatalf("hearing before the list is published: %d: %s", st, text)
	}
	a.clock.Add(3 * 24 * time.Hour)
	if _, doc := c.get(path); !strings.Contains(doc.Find("main").Text(), "李四") {
		t.Fatal("the participant list is not shown once published")
	}
	a.clock.Add(10 * 24 * time.Hour) // the hearing has been held
	if _, doc := c.get("/public"); doc.Find(`a[href="`+path+`"]`).Length() != 0 {
		t.Fatal("a past hearing is still listed as upcoming")
	}
}

func TestPublicFeed(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("老旧小区改造三年行动计划", workflow.Flags{AffectsInterests: true})
	a.seedDecision("未公开的内部事项", nil)
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/public/feed.atom", nil)
	res, err := a.anon().http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.NewDecoder(res.Body).Decode(&feed); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "老旧小区改造三年行动计划" ||
		!strings.HasSuffix(feed.Entries[0].Link.Href, "/public/consultations/"+itoa(id)) {
		t.Fatalf("feed entries: %+v", feed.Entries)
	}
}

func TestPublicHearingOutcome(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	path := "/public/hearings/" + itoa(id)
	_, doc := a.anon().get(path)
	if strings.Contains(doc.Text(), "听证结果") {
		t.Fatal("an outcome is shown before the hearing was held")
	}
	a.clock.Add(13 * 24 * time.Hour) // the seeded hearing is held 12 days after the notice
	_, doc = a.anon().get(path)
	text := doc.Find("main").Text()
	if !strings.Contains(text, "听证会已于") || doc.Find(`a[href="/public/decisions/`+itoa(id)+`"]`).Length() == 0 {
		t.Fatalf("the outcome should say the hearing was held and point to the published decision: %s", text)
	}
	if strings.Contains(text, "听证意见处理内部HHH") || strings.Contains(text, "听证笔录内部摘要QQQ") {
		t.Fatal("the internal hearing record leaked")
	}
}

// A load test raises the portal's brake with Options.PublicCommentLimit; the brake still holds
// at the raised limit.
func TestPublicCommentLimitOption(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市停车收费调整方案", workflow.Flags{AffectsInterests: true})
	a.srv.Close()
	a.srv = httptest.NewServer(web.New(a.db, web.Options{Now: a.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PublicCommentLimit: 7}))
	t.Cleanup(a.srv.Close)
	path := "/public/consultations/" + itoa(id)
	c := a.anon()
	c.get(path)
	for i := range 7 {
		if r := c.post(path, url.Values{"body": {"意见" + itoa(int64(i))}}); r.status != http.StatusOK {
			t.Fatalf("comment %d of 7: %d", i+1, r.status)
		}
	}
	if r := c.post(path, url.Values{"body": {"第八条意见"}}); r.status != http.StatusTooManyRequests {
		t.Fatalf("eighth comment with a limit of 7: want 429, got %d", r.status)
	}
}

// TestPublicCommentAfterTheTokenWasLost: a browser that dropped the portal's cookie while the
// citizen was writing gets the form back with the text and a fresh token (403, nothing stored),
// and sending it again works.
func TestPublicCommentAfterTheTokenWasLost(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市供水价格调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	c := a.anon()
	c.get(path)
	jar, _ := cookiejar.New(nil) // the browser restarted: its session cookies are gone
	c.http.Jar = jar
	r := c.post(path, url.Values{"body": {"写了很久的意见"}, "author": {"市民丙"}})
	if r.status != http.StatusForbidden || r.doc.Find(`textarea[name="body"]`).Text() != "写了很久的意见" ||
		r.doc.Find(`input[name="author"]`).AttrOr("value", "") != "市民丙" || !strings.Contains(r.text(), "尚未提交") {
		t.Fatalf("comment without a valid token: %d %s", r.status, r.text())
	}
	if n := a.commentCount(id); n != 0 {
		t.Fatalf("%d comments stored", n)
	}
	if r := c.post(path, url.Values{"body": {"写了很久的意见"}, "author": {"市民丙"}}); r.status != http.StatusOK || r.doc.Find(".receipt-ref").Text() == "" {
		t.Fatalf("sent again: %d %s", r.status, r.text())
	}
}

// TestPublicFeedbackForWithdrawnDecision: the handling of the comments is public from the day
// the feedback is published (条例第15条第2款, 规划三(二)1), on the consultation's page and in the
// open data, even when the decision is withdrawn afterwards and never published.
func TestPublicFeedbackForWithdrawnDecision(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市道路停车泊位调整方案", workflow.Flags{AffectsInterests: true})
	path := "/public/consultations/" + itoa(id)
	citizen := a.anon()
	citizen.get(path)
	r := citizen.post(path, url.Values{"body": {"建议夜间免费停车"}, "author": {"孙小美"}, "contact": {"13600001111"}})
	ref := strings.TrimSpace(r.doc.Find(".receipt-ref").Text())
	if r.status != http.StatusOK || ref == "" {
		t.Fatalf("comment: %d", r.status)
	}
	clerk := a.users["clerk"].Actor()
	err := a.db.InTx(t.Context(), func(tx *store.Tx) error {
		ctx, at := t.Context(), a.clock.Now()
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DisposeComment(ctx, clerk, at, d, d.Comments[0].ID, workflow.DispositionPartly, "夜间时段另行研究"); err != nil {
			return err
		}
		if err := tx.SaveFeedback(ctx, clerk, at, d, workflow.Feedback{PublishedOn: workflow.Day(at).AddDate(0, 0, 1),
			Channel: "市人民政府门户网站", Summary: "共收到意见1条，部分采纳1条"}); err != nil {
			return err
		}
		return move(ctx, tx, clerk, at, d, workflow.Withdraw, workflow.Withdrawn)
	})
	if err != nil {
		t.Fatal(err)
	}
	var api struct {
		Comments []struct {
			Ref         string `json:"ref"`
			Disposition string `json:"disposition"`
		} `json:"comments"`
		FeedbackSummary string `json:"feedback_summary"`
	}
	// Before the feedback's date: nothing of it.
	_, doc := a.anon().get(path)
	if doc.Find("#feedback").Length() != 0 || strings.Contains(doc.Text(), "夜间时段另行研究") {
		t.Fatal("the handling of comments is shown before the feedback is published")
	}
	if st := a.apiGet("/api/v1/public/consultations/"+itoa(id), &api); st != http.StatusOK || api.Comments != nil || api.FeedbackSummary != "" {
		t.Fatalf("API before the feedback: %d %+v", st, api)
	}

	a.clock.Add(24 * time.Hour)
	st, doc := a.anon().get(path)
	fb := doc.Find("#feedback").Text()
	if st != http.StatusOK || !strings.Contains(fb, "共收到意见1条，部分采纳1条") || !strings.Contains(fb, ref) ||
		!strings.Contains(fb, "部分采纳") || !strings.Contains(fb, "夜间时段另行研究") || !strings.Contains(fb, "建议夜间免费停车") {
		t.Fatalf("withdrawn decision's consultation page, the day of the feedback: %d: %s", st, fb)
	}
	if html, _ := doc.Html(); strings.Contains(html, "孙小美") || strings.Contains(html, "13600001111") {
		t.Fatal("the page names the commenter")
	}
	if st := a.apiGet("/api/v1/public/consultations/"+itoa(id), &api); st != http.StatusOK || len(api.Comments) != 1 ||
		api.Comments[0].Ref != ref || api.Comments[0].Disposition != "partly" || api.FeedbackSummary == "" {
		t.Fatalf("API the day of the feedback: %d %+v", st, api)
	}
	var set struct {
		Data []struct {
			Ref string `json:"ref"`
		}
	}
	if a.apiGet("/api/v1/public/comments", &set); len(set.Data) != 1 || set.Data[0].Ref != ref {
		t.Fatalf("comments data set: %+v", set.Data)
	}
	if st, _ := a.anon().get("/public/decisions/" + itoa(id)); st != http.StatusNotFound {
		t.Fatalf("a withdrawn decision has a publication page: %d", st)
	}
}
