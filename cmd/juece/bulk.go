package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"juece/store"
	"juece/workflow"
)

// Bulk data for measuring juece at scale (`juece seed --decisions N`): the demo's units and
// accounts, more undertaking units with a clerk each, and N decisions registered over the last
// five years, each taken along the pipeline through the store's own write methods as far as its
// dates reach today, so that every record has its history event and the hash chain verifies.
// Decisions stop on the way as real ones do: declined, withdrawn, sent back by the review,
// rejected or deferred at the meeting. Attachments are small stand-in files, written as uploads
// are, so that the record verifies whole. Deterministic for a given N: decision i draws from a
// generator seeded with i.

// bulkUnits are undertaking units added to the demo's two.
var bulkUnits = []string{"市交通运输局", "市教育局", "市民政局", "市生态环境局", "市水利局", "市自然资源和规划局",
	"市卫生健康委员会", "市城市管理局", "市文化广电旅游局", "市市场监督管理局"}

var (
	bulkAreas  = []string{"江澜市", "东湖区", "西城区", "南港区", "北岭县", "青山县", "滨江新区", "高新区"}
	bulkTopics = []string{"城市公共交通票价调整", "老旧小区改造", "生活垃圾分类管理", "中心城区停车收费标准调整",
		"学前教育资源布局", "饮用水水源保护", "历史文化街区保护", "城市排水防涝设施建设", "养老服务设施布局",
		"农贸市场升级改造", "公共租赁住房保障", "地下综合管廊建设", "城乡供水一体化", "河道综合整治",
		"智慧城市建设", "公共体育设施开放", "中小学课后服务收费", "医疗卫生服务体系建设", "城市绿道网络建设",
		"燃气管网老化更新", "城市更新试点", "农村人居环境整治", "电动自行车停放充电管理", "菜市场价格监测"}
	bulkForms = []string{"方案", "实施意见", "三年行动计划", "专项规划", "管理办法", "工作方案"}
	bulkSays  = []string{"建议分时段定价，减轻通勤负担", "希望增加无障碍设施", "建议延长公示时间并公开测算依据",
		"支持改造，但施工期间请保障出行", "建议对低收入家庭给予补贴", "希望听取小区居民意见后再定方案",
		"收费标准偏高，建议分步实施", "建议明确资金来源和监督机制"}
	bulkNames = []string{"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏"}
)

// seedBulk writes n bulk decisions, reporting progress to progress (a terminal line). The
// search index is rebuilt once at the end, so the database must be new: a load that stops
// half-way leaves it without one (the command writes to a temporary file for that reason).
func seedBulk(ctx context.Context, db *store.DB, n int, now time.Time, progress io.Writer) error {
	// the major decisions' demo only: the bulk load measures and replays the major pipeline
	if _, err := seedDemoOf(ctx, db, now.AddDate(0, 0, -1), false); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	actors, err := bulkActors(ctx, db, now)
	if err != nil {
		return err
	}
	const batch = 500 // decisions per transaction: one fsync each
	start := time.Now()
	var search []string // the search index's triggers, paused during the load
	for done := 0; done < n; {
		size := min(batch, n-done)
		err := db.InBulkTx(ctx, func(tx *store.Tx) error {
			if done == 0 {
				var err error
				if search, err = tx.PauseSearch(ctx); err != nil {
					return err
				}
			}
			for i := done; i < done+size; i++ {
				b := &bulkRun{ctx: ctx, tx: tx, now: now, actors: actors, rng: rand.New(rand.NewPCG(uint64(n), uint64(i))), data: filepath.Dir(db.Path())}
				if err := b.decision(i); err != nil {
					return fmt.Errorf("bulk decision %d: %w", i, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += size
		showProgress(progress, done, n, time.Since(start))
	}
	fmt.Fprintln(progress)
	fmt.Fprint(progress, "建立全文检索索引……")
	if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.ResumeSearch(ctx, search) }); err != nil {
		return err
	}
	fmt.Fprintf(progress, "完成（共用时 %s）\n", time.Since(start).Round(time.Second))
	return nil
}

// showProgress draws one line: a bar, the count, the rate and the time left.
func showProgress(w io.Writer, done, n int, took time.Duration) {
	const width = 30
	rate := float64(done) / took.Seconds()
	left := time.Duration(float64(n-done)/rate) * time.Second
	fill := width * done / n
	fmt.Fprintf(w, "\r[%s%s] %d/%d 件决策 · %.0f 件/秒 · 剩余约 %s ", strings.Repeat("=", fill), strings.Repeat(" ", width-fill),
		done, n, rate, left.Round(time.Second))
}

// bulkActors are the demo's accounts plus a clerk for each bulk unit, by unit name for clerks.
type bulkCast struct {
	clerks    []workflow.Actor // one per undertaking unit
	secretary workflow.Actor
	reviewer  workflow.Actor
	evaluator store.Body // the third-party body that evaluates decisions after the fact
}

func bulkActors(ctx context.Context, db *store.DB, now time.Time) (bulkCast, error) {
	var cast bulkCast
	actor := func(username string) (workflow.Actor, error) {
		u, err := db.UserByName(ctx, username)
		return u.Actor(), err
	}
	var err error
	if cast.secretary, err = actor("secretary"); err != nil {
		return cast, err
	}
	if cast.reviewer, err = actor("legalhead"); err != nil {
		return cast, err
	}
	admin, err := actor("admin")
	if err != nil {
		return cast, err
	}
	bodies, err := db.Bodies(ctx)
	if err != nil {
		return cast, err
	}
	for _, b := range bodies {
		if b.Name == "江澜学院公共管理学院" { // registered by the demo
			cast.evaluator = b
		}
	}
	for _, name := range []string{"clerk", "clerk2"} {
		a, err := actor(name)
		if err != nil {
			return cast, err
		}
		cast.clerks = append(cast.clerks, a)
	}
	hash, err := store.HashPassword(store.DemoPassword)
	if err != nil {
		return cast, err
	}
	at := now.AddDate(-5, 0, -30)
	for i, name := range bulkUnits {
		username := fmt.Sprintf("clerk%d", i+3)
		if a, err := actor(username); err == nil {
			cast.clerks = append(cast.clerks, a)
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return cast, err
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			unit, err := tx.CreateUnit(ctx, admin, at, name, store.UnitUndertaking)
			if err != nil {
				return err
			}
			id, err := tx.CreateUser(ctx, admin, at, store.User{Username: username, DisplayName: bulkNames[i%len(bulkNames)],
				UnitID: unit, Role: workflow.RoleClerk, PasswordHash: hash})
			cast.clerks = append(cast.clerks, workflow.Actor{UserID: id, Name: bulkNames[i%len(bulkNames)], Role: workflow.RoleClerk, UnitID: unit})
			return err
		})
		if err != nil {
			return cast, err
		}
	}
	return cast, nil
}

// bulkRun takes one decision along the pipeline.
type bulkRun struct {
	ctx    context.Context
	tx     *store.Tx
	rng    *rand.Rand
	now    time.Time
	at     time.Time
	actors bulkCast
	d      *workflow.Decision
	data   string // the data folder, where attachments' files go
}

// errToday ends a decision's run: its next step would fall after now.
var errToday = errors.New("today reached")

// wait moves the decision's clock on by days (and some minutes); errToday when that is after now.
func (b *bulkRun) wait(days int) error {
	b.at = b.at.AddDate(0, 0, days).Add(time.Duration(b.rng.IntN(240)+7) * time.Minute)
	if b.at.After(b.now) {
		return errToday
	}
	return nil
}

// clerkUnit is the name of the clerk's unit.
func clerkUnit(b *bulkRun, clerk workflow.Actor) string {
	if b.d != nil && b.d.UnitID == clerk.UnitID {
		return b.d.UnitName
	}
	return ""
}

// waitUntil moves the decision's clock on to day (some minutes into it) if it is not there yet.
func (b *bulkRun) waitUntil(day time.Time) error {
	if days := int(day.Sub(b.day()).Hours() / 24); days > 0 {
		return b.wait(days)
	}
	return nil
}

func (b *bulkRun) pick(xs []string) string { return xs[b.rng.IntN(len(xs))] }
func (b *bulkRun) chance(p float64) bool   { return b.rng.Float64() < p }
func (b *bulkRun) day() time.Time          { return workflow.Day(b.at) }

// apply applies cmd as a through the one write path, gates and all.
func (b *bulkRun) apply(a workflow.Actor, cmd workflow.Command) error {
	d, err := b.tx.Apply(b.ctx, b.d.ID, b.d.Version, a, b.at, cmd)
	if err != nil {
		return fmt.Errorf("decision %d: %w", b.d.ID, err)
	}
	b.d = d
	return nil
}

func (b *bulkRun) move(a workflow.Actor, ev workflow.Event, reason string) error {
	return b.apply(a, &workflow.FireEvent{Event: ev, Reason: reason})
}

// attach stores a small stand-in file and records it as an attachment.
func (b *bulkRun) attach(a workflow.Actor, kind, label string) error {
	content := fmt.Appendf(nil, "%%PDF-1.4\n%% %d/%s/%d\n%%%%EOF\n", b.d.ID, label, b.rng.Int64())
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	// Written without store.StoreFile's fsyncs: a load cut short is started again anyway.
	path := store.AttachmentPath(b.data, sha)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		return err
	}
	return b.apply(a, &workflow.AttachFile{Kind: kind, Label: label, SHA256: sha, Size: int64(len(content)), ContentType: "application/pdf"})
}

// decision registers decision i and runs it as far as today.
func (b *bulkRun) decision(i int) error {
	clerk := b.actors.clerks[i%len(b.actors.clerks)]
	b.at = b.now.AddDate(0, 0, -b.rng.IntN(5*365)).Add(-time.Duration(b.rng.IntN(600)) * time.Minute)
	topic := b.pick(bulkTopics)
	title := b.pick(bulkAreas) + topic + b.pick(bulkForms)
	id, err := b.tx.CreateDecision(b.ctx, clerk, b.at, store.NewDecision{Title: title,
		Category: workflow.Categories[b.rng.IntN(len(workflow.Categories))], UnitID: clerk.UnitID,
		Proposal: workflow.Proposal{Kind: workflow.ProposerDepartment, Proposer: clerk.Name, DecisionOrgan: demoGov,
			Problem: topic + "工作中存在的突出问题亟待解决", Reasons: "群众反映集中，现行政策已不适应发展需要",
			LegalBasis: "《重大行政决策程序暂行条例》及相关法律法规", Solution: "制定" + topic + b.pick(bulkForms),
			Necessity: "必要且可行", ResponsibleLeader: "副市长 " + b.pick(bulkNames)}})
	if err != nil {
		return err
	}
	if b.d, err = b.tx.DecisionParts(b.ctx, id, 0); err != nil { // new: no records to load yet
		return err
	}
	err = b.run(clerk, topic)
	if errors.Is(err, errToday) {
		return nil
	}
	return err
}

// run is the pipeline as most decisions go through it, with the usual ways of stopping on it.
func (b *bulkRun) run(clerk workflow.Actor, topic string) error {
	ctx, tx, sec, rev := b.ctx, b.tx, b.actors.secretary, b.actors.reviewer
	if err := b.wait(3 + b.rng.IntN(20)); err != nil {
		return err
	}
	if b.chance(0.03) {
		return b.move(sec, workflow.Decline, "不属于重大行政决策事项，按一般事项办理")
	}
	if err := b.apply(sec, &workflow.StartDecision{Start: workflow.StartRecord{DecidedOn: b.day(), Basis: "市政府常务会议纪要", By: demoGov}}); err != nil {
		return err
	}

	// 起草
	if err := b.wait(10 + b.rng.IntN(40)); err != nil {
		return err
	}
	flags := workflow.Flags{AffectsInterests: true, Technical: b.chance(0.4), StabilityRisk: b.chance(0.5), HearingChosen: b.chance(0.2)}
	if err := b.apply(clerk, &workflow.SaveFlags{Flags: flags}); err != nil {
		return err
	}
	body := "第一条 为做好" + topic + "工作，制定本" + "方案。\n第二条 " + b.pick(bulkSays) + "。"
	if err := b.apply(clerk, &workflow.AddRevision{Revision: workflow.Revision{Body: body, Note: "征求意见稿"}}); err != nil {
		return err
	}
	if b.chance(0.3) {
		if err := b.attach(clerk, string(workflow.RecRevision), "起草说明.pdf"); err != nil {
			return err
		}
	}
	if b.chance(0.02) {
		if err := b.apply(clerk, &workflow.RequestWithdrawal{Reason: "情况变化，不再推进"}); err != nil {
			return err
		}
		return b.move(b.actors.secretary, workflow.Withdraw, "同意承办单位的撤回申请")
	}
	if err := b.move(clerk, workflow.Submit, ""); err != nil {
		return err
	}

	// 征求意见: 30 days and more, comments from the portal, experts where technical.
	if err := b.apply(clerk, &workflow.SaveNotice{Notice: workflow.CommentNotice{Channel: "市人民政府门户网站",
		HowToSubmit: "网上意见征集平台或信函", Explanation: "起草说明", StartsOn: b.day(), EndsOn: b.day().AddDate(0, 0, 30),
		PublishedOn: b.day()}}); err != nil {
		return err
	}
	if err := b.apply(clerk, &workflow.AddMethod{Method: workflow.ConsultationMethod{Method: workflow.Methods[0], HeldOn: b.day(),
		Participants: "相关企业、社区居民代表", Summary: "与会代表总体赞成，建议加强宣传解读"}}); err != nil {
		return err
	}
	if flags.Technical {
		if err := b.apply(clerk, &workflow.AddExpert{Opinion: workflow.ExpertOpinion{Name: b.pick(bulkNames) + "教授", Field: "公共管理",
			Organisation: "江澜大学", Opinion: "方案总体可行，建议细化配套措施", Conclusion: "科学、合理、可行",
			Signed: true, SignedOn: b.day(), NoInterest: true}}); err != nil {
			return err
		}
	}
	var comments []workflow.Comment
	for range b.rng.IntN(3) {
		if err := b.wait(b.rng.IntN(8)); err != nil {
			return err
		}
		c, err := tx.AddPublicComment(ctx, b.at, b.d.ID, workflow.Comment{Source: sourcePortal, Body: b.pick(bulkSays)})
		if err != nil {
			return err
		}
		comments = append(comments, c)
	}
	if err := b.wait(31); err != nil {
		return err
	}
	for _, c := range comments {
		if err := b.apply(clerk, &workflow.DisposeComment{CommentID: c.ID, Disposition: workflow.DispositionAdopted, Reason: "已在修改稿中体现"}); err != nil {
			return err
		}
	}
	if err := b.apply(clerk, &workflow.SaveFeedback{Feedback: workflow.Feedback{PublishedOn: b.day(), Channel: "市人民政府门户网站",
		Summary: fmt.Sprintf("共收到意见%d条，均已研究处理", len(comments))}}); err != nil {
		return err
	}

	// 听证 where chosen, then 风险评估 or its reasoned skip.
	if flags.HearingChosen {
		if err := b.move(clerk, workflow.ToHearing, ""); err != nil {
			return err
		}
		// The record grows as the hearing is prepared and held: each date is entered on its day.
		notice := b.day()
		h := workflow.HearingRecord{NoticePublishedOn: notice, NoticeChannel: "市人民政府门户网站",
			HeldOn: notice.AddDate(0, 0, 12), Place: "市政府第三会议室", SelectionMethod: "自愿报名、随机抽取",
			SelectionPublishedOn: notice}
		if err := b.apply(clerk, &workflow.SaveHearing{Hearing: h}); err != nil {
			return err
		}
		if err := b.apply(clerk, &workflow.AddParticipant{Participant: workflow.HearingParticipant{Name: b.pick(bulkNames), Category: "利害关系人"}}); err != nil {
			return err
		}
		if err := b.waitUntil(notice.AddDate(0, 0, 4)); err != nil {
			return err
		}
		h.ListPublishedOn, h.MaterialsDeliveredOn = b.day(), b.day()
		if err := b.apply(clerk, &workflow.SaveHearing{Hearing: h}); err != nil {
			return err
		}
		if err := b.waitUntil(h.HeldOn.AddDate(0, 0, 1)); err != nil {
			return err
		}
		h.RecordSigned, h.RecordSummary, h.OpinionsHandling = true, "听证笔录经参加人签字确认", "听证意见已分类研究"
		if err := b.apply(clerk, &workflow.SaveHearing{Hearing: h}); err != nil {
			return err
		}
		if err := b.move(clerk, workflow.ToRisk, ""); err != nil {
			return err
		}
	} else if err := b.move(clerk, workflow.SkipHearing, "法律法规未规定应当听证，已通过座谈会充分听取意见"); err != nil {
		return err
	}
	if err := b.wait(5 + b.rng.IntN(20)); err != nil {
		return err
	}
	if flags.StabilityRisk {
		r := workflow.RiskReport{Dimensions: map[workflow.Dimension]workflow.DimensionAssessment{}, Methods: "舆情跟踪、抽样调查",
			RiskPoints: "部分群体利益调整", Measures: "分步实施、加强宣传解读", Contingency: "化解处置预案",
			Assessor: "本单位会同第三方评估机构", AssessorUnit: clerkUnit(b, clerk), AssessorBody: fmt.Sprintf("unit:%d", clerk.UnitID), ThirdParty: true, Controllable: true, AssessedOn: b.day()}
		for _, dim := range workflow.Dimensions {
			r.Dimensions[dim] = workflow.DimensionAssessment{Level: workflow.Levels[b.rng.IntN(2)], Analysis: "风险总体可控"}
		}
		if err := b.apply(clerk, &workflow.SaveRisk{Report: r}); err != nil {
			return err
		}
		if err := b.move(clerk, workflow.ToReview, ""); err != nil {
			return err
		}
	} else if err := b.move(clerk, workflow.SkipRisk, "不涉及社会稳定、公共安全等重大风险"); err != nil {
		return err
	}

	// 合法性审查: not less than 7 working days, then the reviewer's conclusion.
	if err := b.apply(clerk, &workflow.AddSubmission{Submission: workflow.ReviewSubmission{LegalBasis: "相关法律法规",
		Procedures: "已履行公众参与、专家论证、风险评估程序"}}); err != nil {
		return err
	}
	if err := b.wait(12 + b.rng.IntN(10)); err != nil {
		return err
	}
	conclusion := workflow.ConclusionLegal
	switch x := b.rng.Float64(); {
	case x < 0.04:
		conclusion = workflow.ConclusionIllegal
	case x < 0.16:
		conclusion = workflow.ConclusionRevise
	}
	if err := b.apply(rev, &workflow.SignReview{PasswordConfirmed: true, Review: workflow.Review{Conclusion: conclusion, Authority: "决策权限合法",
		Procedure: "程序符合规定", Substance: "内容不违反法律法规", Advisers: "已听取法律顾问意见"}}); err != nil || conclusion != workflow.ConclusionLegal {
		return err // sent back to drafting: it stays there
	}

	// 集体讨论决定
	if err := b.wait(5 + b.rng.IntN(20)); err != nil {
		return err
	}
	err := b.apply(sec, &workflow.AddMeeting{Meeting: workflow.Meeting{Kind: workflow.MeetingStanding,
		Number: fmt.Sprintf("第%d次常务会议", 1+b.rng.IntN(60)), HeldOn: b.day(), Attendees: "市长、副市长、秘书长",
		LegalHeadAttended: true, PackDraft: true, PackPublicReport: true, PackExpertReport: true, PackRiskReport: true, PackLegality: true}})
	if err != nil {
		return err
	}
	if err := b.apply(sec, &workflow.AddOpinion{Opinion: workflow.MeetingOpinion{Speaker: "市长 " + b.pick(bulkNames), Position: "市长",
		IsHead: true, Stance: workflow.StanceFor, Text: "同意，请" + clerk.Name + "抓好落实"}}); err != nil {
		return err
	}
	head := workflow.HeadApprove
	switch x := b.rng.Float64(); {
	case x < 0.03:
		head = workflow.HeadReject
	case x < 0.06:
		head = workflow.HeadDefer
	}
	if err := b.apply(sec, &workflow.DecideAtMeeting{Head: head}); err != nil || head != workflow.HeadApprove {
		return err
	}

	// 公布, 执行, 后评估
	if err := b.wait(3 + b.rng.IntN(10)); err != nil {
		return err
	}
	if err := b.apply(sec, &workflow.SavePartyReport{Report: workflow.PartyReport{ReportedOn: b.day(), Note: "经市委常委会会议研究同意"}}); err != nil {
		return err
	}
	if err := b.apply(sec, &workflow.SavePublication{Publication: workflow.Publication{DocNumber: fmt.Sprintf("澜政发〔%d〕%d号", b.at.Year(), 1+b.rng.IntN(80)),
		PublishedOn: b.day(), Channels: "政府公报、门户网站", Text: body, Explanation: "公众和专家意见采纳情况说明"}}); err != nil {
		return err
	}
	if err := b.move(sec, workflow.Implement, ""); err != nil {
		return err
	}
	if err := b.wait(60 + b.rng.IntN(120)); err != nil {
		return err
	}
	if err := b.apply(clerk, &workflow.AddReport{Report: workflow.ImplementationReport{Kind: workflow.ReportProgress,
		ExecutingUnit: clerk.Name, Body: "按计划推进，群众反映良好", ReportedOn: b.day()}}); err != nil {
		return err
	}
	if err := b.wait(300 + b.rng.IntN(200)); err != nil {
		return err
	}
	if err := b.move(clerk, workflow.Evaluate, "实施满一年，按计划开展决策后评估"); err != nil {
		return err
	}
	if err := b.wait(30 + b.rng.IntN(60)); err != nil {
		return err
	}
	if err := b.apply(clerk, &workflow.SaveEvaluation{Evaluation: workflow.Evaluation{Trigger: "实施满一年", Evaluators: "第三方评估机构、公众代表",
		EvaluatorUnit: b.actors.evaluator.Name, EvaluatorBody: b.actors.evaluator.Key, ThirdParty: true, Opinions: "满意度较高", Conclusion: workflow.EvalContinue,
		Reasons: "预期目标基本实现", EvaluatedOn: b.day()}}); err != nil {
		return err
	}
	return b.move(clerk, workflow.Close, "")
}

// seedBulkFile writes the bulk data into a new database at path: into a temporary file beside
// it, renamed into place once complete, so that a load cut short leaves no half database.
func seedBulkFile(ctx context.Context, path string, n int, stdout, stderr io.Writer) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("seed --decisions writes a new database only: %s exists", path)
	}
	tmp := path + ".seeding"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := seedBulk(ctx, db, n, start, stderr); err != nil {
		db.Close()
		return err
	}
	// A signed checkpoint, as a running server keeps: without it the server's first one would
	// have to read the whole loaded history while it serves.
	fmt.Fprint(stderr, "签署审计检查点……")
	cp, err := db.WriteCheckpoint(ctx, filepath.Dir(path))
	if err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(stderr, "至第 %d 个事件\n", cp.Size)
	if err := db.Close(); err != nil { // the last connection checkpoints the WAL into the file
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写入 %d 件决策（另含演示数据），用时 %s：%s\n", n, time.Since(start).Round(time.Millisecond), path)
	return nil
}
