package workflow

import "time"

// Shanghai is China Standard Time (no DST since 1991), fixed so workflow needs no tz database.
// Every date the gates compare is a day in this zone.
var Shanghai = time.FixedZone("CST", 8*60*60)

// Settings are the periods the law gives as "一般不少于": the admin may set them, the gates
// read them.
type Settings struct {
	MinCommentDays       int // public comment period in calendar days (条例第15条)
	MinReviewWorkdays    int // legality review period in working days (条例第26条)
	HearingMaterialsDays int // calendar days between materials reaching the participants and the hearing (条例第16条)
	StageOverdueDays     int // calendar days a decision may wait in one stage before auditors see it flagged
	PostEvalMonths       int // months after publication by which the post-evaluation is due (local practice, 条例第36条)
	LateEntryDays        int // days after its own date beyond which a record is entered late (补录, local practice)
	RemindWorkdays       int // working days before a stage's limit on which its actors are reminded (local practice)
	PostEvalOpinions     int // public opinions on implementation from which a post-evaluation is proposed (条例第36条)
	NormCommentWorkdays  int // a normative document's public comment period in working days (国办发〔2018〕37号)
	NormFilingDays       int // calendar days from a normative document's publication to its filing (规划三(三)3)
	NormCleanupYears     int // years between clean-ups of the valid normative documents (规划三(三)3)
	NormObjectionDays    int // calendar days the legal office has to answer an objection to a normative document (local practice)
	// DocPrefixes are the city's document number prefixes (发文机关代字) a 文号 must begin
	// with; none set, any is accepted.
	DocPrefixes []string
}

// DefaultSettings are the periods the 条例 names.
var DefaultSettings = Settings{MinCommentDays: 30, MinReviewWorkdays: 7, HearingMaterialsDays: 7, StageOverdueDays: 90, PostEvalMonths: 12, LateEntryDays: 15, RemindWorkdays: 3, PostEvalOpinions: 10, NormCommentWorkdays: 7, NormFilingDays: 15, NormCleanupYears: 2, NormObjectionDays: 30} // 条例第15条, 第26条, 第16条; the rest are local practice

// dateKey is the layout of Calendar's keys.
const dateKey = "2006-01-02"

// Calendar is the working-day calendar the admin keeps, so that the legality review clock
// (条例第26条 "7个工作日") skips holidays and counts make-up working days. Keys are
// "2006-01-02" dates in Shanghai. Off holds extra non-working days (holidays), On holds
// make-up working days (调休, e.g. a Saturday). The zero value applies the weekend rule only.
type Calendar struct {
	Off map[string]bool
	On  map[string]bool
}

// IsWorkday reports whether t's day in Shanghai is a working day. A day listed in On is a
// working day even if it is also listed in Off.
func (c Calendar) IsWorkday(t time.Time) bool {
	day := t.In(Shanghai)
	key := day.Format(dateKey)
	if c.On[key] {
		return true
	}
	if c.Off[key] {
		return false
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays is the date (00:00 Shanghai) that is n working days after t's day: n = 1 is the
// next working day. n = 0 gives t's day itself; a negative n counts backwards.
func (c Calendar) AddWorkdays(t time.Time, n int) time.Time {
	day := Day(t)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		day = day.AddDate(0, 0, step)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day
}

// WorkdaysBetween counts the working days after a's day up to and including b's day; it is 0
// when b's day is not after a's. WorkdaysBetween(a, AddWorkdays(a, n)) == n for n >= 0.
// It counts the weekdays arithmetically and then corrects for the calendar's entries in the
// range, since pages count it for every row of a list.
func (c Calendar) WorkdaysBetween(a, b time.Time) int {
	from, to := Day(a), Day(b)
	if !to.After(from) {
		return 0
	}
	days := DaysInclusive(from, to) - 1 // the days after from up to to
	n := days / 7 * 5
	wd := from.Weekday()
	for i := 0; i < days%7; i++ {
		if wd = (wd + 1) % 7; wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	lo, hi := from.Format(dateKey), to.Format(dateKey)
	inRange := func(k string) bool { return k > lo && k <= hi }
	for k := range c.Off {
		if inRange(k) && !c.On[k] && isWeekdayKey(k) {
			n--
		}
	}
	for k := range c.On {
		if inRange(k) && !isWeekdayKey(k) {
			n++
		}
	}
	return n
}

// isWeekdayKey reports whether the "2006-01-02" date k falls Monday to Friday, without
// parsing it into a time (Sakamoto's method); a malformed key counts as a weekday.
func isWeekdayKey(k string) bool {
	if len(k) != 10 {
		return true
	}
	num := func(s string) int {
		v := 0
		for _, r := range s {
			v = v*10 + int(r-'0')
		}
		return v
	}
	y, m, d := num(k[0:4]), num(k[5:7]), num(k[8:10])
	if m < 1 || m > 12 {
		return true
	}
	t := [...]int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if m < 3 {
		y--
	}
	wd := (y + y/4 - y/100 + y/400 + t[m-1] + d) % 7 // 0 = Sunday
	return wd != 0 && wd != 6
}

// Env is what the gates know of the world besides the decision: the time of the request,
// the settings and the calendar. The web layer fills it; workflow never reads a clock.
type Env struct {
	Now      time.Time
	Settings Settings
	Calendar Calendar
}

// Input is what the user types when firing an event: the reason an exception or a
// departure needs, and whether they confirmed the act with their password.
type Input struct {
	Reason            string
	PasswordConfirmed bool
}

// Day is 00:00 Shanghai of t's day: the gates compare dates, not instants.
func Day(t time.Time) time.Time {
	y, m, d := t.In(Shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Shanghai)
}

// DaysInclusive counts the calendar days from from's day to to's day, both included, so a
// period from March 1 to March 30 lasts 30 days. It is 0 or less when to's day is before
// from's.
func DaysInclusive(from, to time.Time) int {
	// Shanghai has no DST, so every day is 86400 seconds long. Unix seconds, not a Duration,
	// so that a zero time does not overflow.
	return int((Day(to).Unix()-Day(from).Unix())/86400) + 1
}

// dateCN formats t's day in Shanghai the way the messages say a date.
func dateCN(t time.Time) string {
	return t.In(Shanghai).Format("2006年1月2日")
}

// SettingField describes one setting: how it is stored and edited, its bounds, and for the
// periods the law sets, the article that fixes the minimum (an admin may lengthen, never shorten).
type SettingField struct {
	Key      string
	Label    string
	Hint     string
	Min, Max int
	Basis    string // the 条例 article of a legal minimum; "" for local practice
	Ptr      func(*Settings) *int
}

// DocPrefixesLabel names the setting of the document number prefixes (Settings.DocPrefixes).
const DocPrefixesLabel = "文号发文机关代字"

// SettingFields lists every setting in the order the admin page shows them.
var SettingFields = []SettingField{
	{"min_comment_days", "公开征求意见期限（日）", "一般不少于30日", 30, 365, "条例第15条",
		func(s *Settings) *int { return &s.MinCommentDays }},
	{"min_review_workdays", "合法性审查时间（工作日）", "一般不少于7个工作日", 7, 60, "条例第26条",
		func(s *Settings) *int { return &s.MinReviewWorkdays }},
	{"hearing_materials_days", "听证材料提前送达（日）", "听证前至少7日送达听证参加人", 7, 90, "条例第16条",
		func(s *Settings) *int { return &s.HearingMaterialsDays }},
	{"post_eval_months", "公布后开展决策后评估（月）", "本市工作要求，决策公布后多少个月内开展后评估", 1, 120, "",
		func(s *Settings) *int { return &s.PostEvalMonths }},
	{"stage_overdue_days", "单一阶段逾期提示（日）", "本市工作要求，在一个阶段停留超过该天数即列入逾期事项", 1, 3650, "",
		func(s *Settings) *int { return &s.StageOverdueDays }},
	{"late_entry_days", "补录认定（日）", "本市工作要求，记录在其所载日期之后超过该天数才登记的，属于补录，须说明理由", 1, 365, "",
		func(s *Settings) *int { return &s.LateEntryDays }},
	{"remind_workdays", "到期前提醒（工作日）", "本市工作要求，阶段期限前多少个工作日提醒办理人；到期当日和逾期次日另行提醒", 1, 30, "",
		func(s *Settings) *int { return &s.RemindWorkdays }},
	{"post_eval_opinions", "执行中公众意见提示后评估（条）", "本市工作要求，公众对决策执行提出的意见达到该条数时，提示承办单位和政府办公室开展决策后评估（条例第36条）", 1, 10000, "",
		func(s *Settings) *int { return &s.PostEvalOpinions }},
	{"norm_comment_workdays", "规范性文件公开征求意见期限（工作日）", "行政规范性文件向社会公开征求意见，期限一般不少于7个工作日", 7, 60, "国办发〔2018〕37号",
		func(s *Settings) *int { return &s.NormCommentWorkdays }},
	{"norm_filing_days", "规范性文件报送备案期限（日）", "自公布之日起15日内报送备案（日历日；末日为法定休假日的，顺延至其后第一个工作日）", 1, 15, "规划三(三)3",
		func(s *Settings) *int { return &s.NormFilingDays }},
	{"norm_cleanup_years", "规范性文件清理周期（年）", "规范性文件一般每隔2年清理一次，清理结果向社会公布", 1, 5, "",
		func(s *Settings) *int { return &s.NormCleanupYears }},
	{"norm_objection_days", "规范性文件异议答复期限（日）", "本市工作要求，法制机构自收到异议之日起该日数内答复（日历日；末日为法定休假日的，顺延至其后第一个工作日）", 1, 90, "",
		func(s *Settings) *int { return &s.NormObjectionDays }},
}
