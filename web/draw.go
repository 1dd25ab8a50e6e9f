package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"juece/store"
	"juece/views"
	"juece/workflow"
)

// The public sign-up and draw of hearing participants (条例第16条 "公平公开"; workflow/draw.go,
// docs/hearing-draw.md): the clerk publishes the method — the sign-up's last day, the seats per
// category and the hash of a random seed — citizens sign up on the hearing's portal page, and
// after the sign-up closes the clerk draws in front of witnesses: the seed is revealed and the
// list follows from it and the published sign-ups.

// Longest fields of a sign-up, in characters.
const (
	signupNameMax     = 50
	signupOrgMax      = 100
	signupContactMax  = 100
	signupInterestMax = 1000
)

// drawSection puts the draw on the staff's page of a decision with a hearing.
func (s *Server) drawSection(d *workflow.Decision, p *views.DecisionPage) {
	if d.Hearing == nil && !p.Can[workflow.RecDraw] {
		return
	}
	draw := d.Draw
	if draw == nil && !p.Can[workflow.RecDraw] {
		return
	}
	v := &views.DrawView{Draw: draw, MayEdit: p.Can[workflow.RecDraw]}
	if draw == nil {
		v.MaySetUp = p.Can[workflow.RecDraw] && d.Hearing != nil && !d.Hearing.NoticePublishedOn.IsZero()
	} else {
		v.Closed = s.today().After(workflow.Day(draw.SignupClosesOn))
		v.MayDraw = p.Can[workflow.RecDraw] && v.Closed && !draw.Drawn()
		if draw.Drawn() {
			v.Standings = draw.Standings()
		}
	}
	p.Draw = v
}

// drawSetUp publishes the draw's method: the sign-up's last day and the seats, with the hash of
// a seed the store draws at random.
func (s *Server) drawSetUp(c echo.Context) error {
	r := readForm(c, string(workflow.RecDraw))
	cmd := &workflow.SetUpDraw{ClosesOn: r.day("signup_closes_on")}
	for i, cat := range workflow.ParticipantCategories {
		name := workflow.SeatsField(i)
		v := r.value(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > workflow.MaxSeats {
			r.f.Errors[name] = fmt.Sprintf("名额应为 0 至 %d 的整数", workflow.MaxSeats)
			continue
		}
		if n > 0 {
			cmd.Quotas = append(cmd.Quotas, workflow.Quota{Category: cat, Seats: n})
		}
	}
	return s.apply(c, cmd, r.f, nil)
}

// drawRun reveals the seed and draws, with the witnesses named.
func (s *Server) drawRun(c echo.Context) error {
	r := readFormOf(c, "run-draw", workflow.FormDrawRun)
	return s.apply(c, &workflow.RunDraw{Witnesses: r.value("witnesses")}, r.f, nil)
}

// signupWithdraw records that a sign-up is withdrawn: before the draw it is left out, after it
// the next reserve of its category takes the seat.
func (s *Server) signupWithdraw(c echo.Context) error {
	sid, err := s.pathChild(c, "sid", func(d *workflow.Decision, id int64) (bool, error) {
		return d.Draw != nil && slices.ContainsFunc(d.Draw.Signups, func(x workflow.HearingSignup) bool { return x.ID == id }), nil
	})
	if err != nil {
		return err
	}
	r := readFormOf(c, fmt.Sprintf("withdraw-%d", sid), workflow.FormSignupWithdrawal)
	return s.apply(c, &workflow.WithdrawSignup{SignupID: sid, Reason: r.value("reason")}, r.f, nil)
}

// pathChild reads from the path the id of one of the decision's records, once the user is
// known to be allowed to change the decision (so that a refusal is logged as one): a malformed
// id, or one belongs says is not the decision's, is 404.
func (s *Server) pathChild(c echo.Context, name string, belongs func(d *workflow.Decision, id int64) (bool, error)) (int64, error) {
	u, err := requireUser(c)
	if err != nil {
		return 0, err
	}
	d, err := s.visibleDecision(c, u)
	if err != nil {
		return 0, err
	}
	if !mayChange(u, d) {
		return 0, errForbidden
	}
	id, err := pathID(c, name)
	if err != nil {
		return 0, err
	}
	ok, err := belongs(d, id)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errNotFound
	}
	return id, nil
}

// publicDraw is the draw as the hearing's portal page shows it; nil when there is none.
func (s *Server) publicDraw(c echo.Context, d *workflow.Decision, f *views.Form) (*views.PublicDraw, error) {
	draw, err := s.db.HearingDraw(c.Request().Context(), d.ID)
	if err != nil || draw == nil {
		return nil, err
	}
	return publicDrawOf(d, draw, s.today(), f), nil
}

// signupOpen: the public may sign up today, for a decision still at its hearing stage.
func signupOpen(d *workflow.Decision, draw *workflow.HearingDraw, today time.Time) bool {
	return d.State == workflow.Hearing && !draw.Drawn() && !today.After(workflow.Day(draw.SignupClosesOn))
}

func publicDrawOf(d *workflow.Decision, draw *workflow.HearingDraw, today time.Time, f *views.Form) *views.PublicDraw {
	p := &views.PublicDraw{ClosesOn: draw.SignupClosesOn, Quotas: draw.Quotas, SeedHash: draw.SeedHash,
		CommittedAt: draw.CommittedAt, Open: signupOpen(d, draw, today), Entries: draw.Entries(), Drawn: draw.Drawn(),
		DrawnAt: draw.DrawnAt, Seed: draw.Seed, ListDigest: draw.ListDigest, Witnesses: draw.Witnesses, Form: f}
	if p.Form == nil {
		p.Form = views.NewForm("signup", nil)
	}
	if draw.Drawn() {
		for _, st := range draw.Standings() {
			p.Standings = append(p.Standings, views.PublicStanding{Category: st.Signup.Category, Rank: st.Signup.Rank,
				Ref: st.Signup.Ref, Name: st.Signup.Name, Organisation: st.Signup.Organisation, Status: st.Status.Label(),
				Reserve: st.Reserve})
		}
	}
	return p
}

// publicSignupAdd receives a citizen's sign-up for a hearing while the sign-up is open.
func (s *Server) publicSignupAdd(c echo.Context) error {
	d, err := s.publicDecisionByID(c, hearingPublic, hearingParts)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	draw, err := s.db.HearingDraw(c.Request().Context(), d.ID)
	if err != nil {
		return err
	}
	if draw == nil {
		return errNotFound
	}
	if !signupOpen(d, draw, s.today()) {
		return s.signupRefused(c, d, nil)
	}
	ip := s.clientIP(c)
	if strings.TrimSpace(c.FormValue("website")) != "" {
		s.publicComments.take(ip, s.now())
		s.log.Warn("public sign-up: honeypot filled", "decision", d.ID, "ip", ip)
		return echo.NewHTTPError(http.StatusBadRequest, "提交未被接受。请刷新页面后重新填写。")
	}
	r := readForm(c, "signup")
	var cats []string
	for _, q := range draw.Quotas {
		cats = append(cats, q.Category)
	}
	su := workflow.HearingSignup{
		Name:         r.short("name", "姓名", true, signupNameMax),
		Category:     r.choice("category", "报名类别", true, cats),
		Organisation: r.short("organisation", "工作单位或身份", false, signupOrgMax),
		Contact:      r.short("contact", "联系方式", true, signupContactMax),
		Interest:     r.short("interest", "利害关系声明", true, signupInterestMax),
	}
	if r.f.HasErrors() {
		r.f.Top = append(r.f.Top, "提交的内容有误，请按提示修改。报名尚未提交。")
		return s.renderPublicHearing(c, d, http.StatusUnprocessableEntity, r.f, nil)
	}
	if !s.publicComments.take(ip, s.now()) {
		return echo.NewHTTPError(http.StatusTooManyRequests, "提交过于频繁，请 10 分钟后再试。")
	}
	closed := false
	err = s.db.InTx(c.Request().Context(), func(tx *store.Tx) error {
		cur, err := tx.HearingDraw(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		now, err := tx.DecisionParts(c.Request().Context(), d.ID, 0)
		if err != nil {
			return err
		}
		if !signupOpen(now, cur, s.today()) {
			closed = true
			return nil
		}
		su, err = tx.AddHearingSignup(c.Request().Context(), s.now(), d.ID, su)
		return err
	})
	if err != nil {
		return err
	}
	if closed {
		return s.signupRefused(c, d, r.f)
	}
	return s.renderPublicHearing(c, d, http.StatusOK, nil, &su)
}

// signupRefused answers a sign-up sent when the sign-up is not open.
func (s *Server) signupRefused(c echo.Context, d *workflow.Decision, f *views.Form) error {
	if f == nil {
		f = views.NewForm("signup", nil)
	}
	f.Top = append(f.Top, "报名已截止，未能提交。")
	return s.renderPublicHearing(c, d, http.StatusUnprocessableEntity, f, nil)
}

// publicDrawMethod documents the draw's algorithm on the portal.
func (s *Server) publicDrawMethod(c echo.Context) error {
	publicCache(c)
	return render(c, http.StatusOK, views.PublicDrawMethodView(publicPage("听证参加人公开抽选算法")))
}
