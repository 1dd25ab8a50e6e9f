package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"juece/workflow"
)

func openCalendarDB(t *testing.T) (*DB, context.Context) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "juece.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, ctx
}

var calendarAdmin = workflow.Actor{Name: "管理员", Role: workflow.RoleAdmin}

func countEvents(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCalendarSeed2026(t *testing.T) {
	db, ctx := openCalendarDB(t)
	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.ParseInLocation("2006-01-02", s, workflow.Shanghai); return d }
	if cal.IsWorkday(day("2026-10-05")) || !cal.IsWorkday(day("2026-10-10")) || cal.IsWorkday(day("2026-02-17")) {
		t.Error("2026 holidays not seeded")
	}
	// Submitted on Monday 28 September: 29, 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13 Oct.
	if got := cal.AddWorkdays(day("2026-09-28"), 7); !got.Equal(day("2026-10-13")) {
		t.Errorf("AddWorkdays over National Day = %v", got)
	}
}

func TestCalendarImport(t *testing.T) {
	db, ctx := openCalendarDB(t)
	good := "\uFEFFday,kind,name\n2027-01-01,off,元旦\n2027-02-06,on,\"春节调休上班\"\n"
	days, err := ParseCalendarCSV(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	before := countEvents(t, db)
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.ImportCalendar(ctx, calendarAdmin, time.Now(), days) }); err != nil {
		t.Fatal(err)
	}
	got, err := db.CalendarDays(ctx, 2027)
	if err != nil {
		t.Fatal(err)
	}
	want := []CalendarDay{{"2027-01-01", DayOff, "元旦"}, {"2027-02-06", DayOn, "春节调休上班"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported %v, want %v", got, want)
	}
	if n := countEvents(t, db); n != before+1 {
		t.Errorf("events %d → %d, want one more", before, n)
	}
	var buf bytes.Buffer
	if err := WriteCalendarCSV(&buf, got); err != nil {
		t.Fatal(err)
	}
	again, err := ParseCalendarCSV(&buf)
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("round trip = %v, %v", again, err)
	}

	for _, bad := range []struct {
		csv  string
		line int
	}{
		{"2028-01-01,off,元旦\n2028-02-30,off,春节\n", 2},
		{"day,kind,name\n2028-01-01,off,元旦\n2028-01-02,holiday,x\n", 3},
		{"2028-01-01,off,元旦\n2028-01-01,on,x\n", 2},
		{"2028-01-01,off\n", 1},
	} {
		_, err := ParseCalendarCSV(strings.NewReader(bad.csv))
		var le *CSVLineError
		if !errors.As(err, &le) || le.Line != bad.line {
			t.Errorf("%q: err %v, want line %d", bad.csv, err, bad.line)
		}
	}
	// A bad day reaching the store rolls back the whole import.
	err = db.InTx(ctx, func(tx *Tx) error {
		return tx.ImportCalendar(ctx, calendarAdmin, time.Now(), []CalendarDay{{"2028-01-01", DayOff, "元旦"}, {"2028-13-01", DayOff, ""}})
	})
	if !errors.Is(err, ErrBadDay) {
		t.Errorf("bad import: %v", err)
	}
	if got, _ := db.CalendarDays(ctx, 2028); len(got) != 0 {
		t.Errorf("bad import wrote %v", got)
	}
}

func TestCalendarSetDelete(t *testing.T) {
	db, ctx := openCalendarDB(t)
	err := db.InTx(ctx, func(tx *Tx) error {
		return tx.SetCalendarDay(ctx, calendarAdmin, time.Now(), CalendarDay{"2027-10-01", DayOff, "国庆节"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if cal, _ := db.Calendar(ctx); !cal.Off["2027-10-01"] {
		t.Error("day not set")
	}
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.DeleteCalendarDay(ctx, calendarAdmin, time.Now(), "2027-10-01") }); err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *Tx) error { return tx.DeleteCalendarDay(ctx, calendarAdmin, time.Now(), "2027-10-01") })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	db, ctx := openCalendarDB(t)
	s, err := db.Settings(ctx)
	if err != nil || !reflect.DeepEqual(s, workflow.DefaultSettings) {
		t.Fatalf("fresh settings = %+v, %v", s, err)
	}
	s.MinCommentDays, s.PostEvalMonths, s.StageOverdueDays = 45, 24, 60
	s.DocPrefixes = []string{"澜政发", "澜政规"}
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.SaveSettings(ctx, calendarAdmin, time.Now(), s) }); err != nil {
		t.Fatal(err)
	}
	got, err := db.Settings(ctx)
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("settings = %+v, %v; want %+v", got, err, s)
	}
	// Fewer prefixes: the one left, in the history as a change.
	s.DocPrefixes = []string{"澜政规"}
	if err := db.InTx(ctx, func(tx *Tx) error { return tx.SaveSettings(ctx, calendarAdmin, time.Now(), s) }); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Settings(ctx); err != nil || !reflect.DeepEqual(got.DocPrefixes, []string{"澜政规"}) {
		t.Errorf("prefixes after the second save: %v %v", got.DocPrefixes, err)
	}
	if res, err := db.VerifyRecords(ctx); err != nil {
		t.Fatal(err)
	} else {
		for _, p := range res.Problems {
			if p.Table == "doc_prefixes" {
				t.Errorf("prefix row against the history: %+v", p)
			}
		}
	}
}
