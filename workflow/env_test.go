package workflow

import (
	"testing"
	"time"
)

// nationalDay is a holiday week like 2026's: October 1–7 off, with Sunday September 20 and
// Saturday October 10 made working days.
var nationalDay = Calendar{
	Off: map[string]bool{
		"2026-10-01": true, "2026-10-02": true, "2026-10-03": true, "2026-10-04": true,
		"2026-10-05": true, "2026-10-06": true, "2026-10-07": true,
	},
	On: map[string]bool{"2026-09-20": true, "2026-10-10": true},
}

func TestIsWorkday(t *testing.T) {
	cases := []struct {
		cal  Calendar
		day  time.Time
		want bool
	}{
		{Calendar{}, date(2026, 6, 26), true},  // Friday
		{Calendar{}, date(2026, 6, 27), false}, // Saturday
		{Calendar{}, date(2026, 6, 28), false}, // Sunday
		{Calendar{}, date(2026, 6, 29), true},  // Monday
		{Calendar{}, date(2026, 10, 1), true},  // a Thursday, with no holidays known
		{nationalDay, date(2026, 10, 1), false},
		{nationalDay, date(2026, 10, 7), false},
		{nationalDay, date(2026, 10, 8), true},
		{nationalDay, date(2026, 10, 10), true}, // make-up Saturday
		{nationalDay, date(2026, 10, 11), false},
		{nationalDay, date(2026, 9, 20), true}, // make-up Sunday
	}
	for _, c := range cases {
		if got := c.cal.IsWorkday(c.day); got != c.want {
			t.Errorf("IsWorkday(%s) = %v, want %v", c.day.Format(dateKey), got, c.want)
		}
	}
}

// TestIsWorkdayUsesShanghai: the day is Shanghai's, whatever zone the time comes in.
func TestIsWorkdayUsesShanghai(t *testing.T) {
	// Friday 2026-06-26 17:00 UTC is Saturday 01:00 in Shanghai.
	fri := time.Date(2026, 6, 26, 17, 0, 0, 0, time.UTC)
	if (Calendar{}).IsWorkday(fri) {
		t.Error("Saturday 01:00 in Shanghai counted as a working day")
	}
	if got := Day(fri); !got.Equal(date(2026, 6, 27)) || got.Location() != Shanghai {
		t.Errorf("Day = %v", got)
	}
}

func TestAddWorkdays(t *testing.T) {
	cases := []struct {
		cal  Calendar
		from time.Time
		n    int
		want time.Time
	}{
		{Calendar{}, date(2026, 6, 26), 1, date(2026, 6, 29)},                              // Friday → Monday
		{Calendar{}, date(2026, 6, 27), 1, date(2026, 6, 29)},                              // from Saturday
		{Calendar{}, date(2026, 4, 1), 7, date(2026, 4, 10)},                               // the review clock of the fixture
		{Calendar{}, time.Date(2026, 4, 1, 23, 59, 0, 0, Shanghai), 7, date(2026, 4, 10)},  // time of day is ignored
		{Calendar{}, date(2026, 6, 30), 0, date(2026, 6, 30)},                              // n = 0 is the day itself
		{Calendar{}, date(2026, 6, 29), -1, date(2026, 6, 26)},                             // backwards
		{nationalDay, date(2026, 9, 30), 1, date(2026, 10, 8)},                             // across the holiday
		{nationalDay, date(2026, 9, 30), 3, date(2026, 10, 10)},                            // onto the make-up Saturday
		{nationalDay, date(2026, 9, 30), 4, date(2026, 10, 12)},                            // skipping Sunday
		{nationalDay, date(2026, 9, 18), 1, date(2026, 9, 20)},                             // onto the make-up Sunday
		{nationalDay, date(2026, 9, 28), 7, date(2026, 10, 13)},                            // 29, 30, 8, 9, 10, 12, 13
		{nationalDay, time.Date(2026, 9, 30, 20, 0, 0, 0, time.UTC), 1, date(2026, 10, 8)}, // 04:00 Oct 1 in Shanghai
	}
	for _, c := range cases {
		got := c.cal.AddWorkdays(c.from, c.n)
		if !got.Equal(c.want) {
			t.Errorf("AddWorkdays(%v, %d) = %s, want %s", c.from, c.n, got.Format(dateKey), c.want.Format(dateKey))
		}
		if got.Hour() != 0 || got.Location() != Shanghai {
			t.Errorf("AddWorkdays(%v, %d) = %v, want 00:00 Shanghai", c.from, c.n, got)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cases := []struct {
		cal  Calendar
		a, b time.Time
		want int
	}{
		{Calendar{}, date(2026, 4, 1), date(2026, 4, 10), 7},
		{Calendar{}, date(2026, 6, 26), date(2026, 6, 29), 1},
		{Calendar{}, date(2026, 6, 26), date(2026, 6, 28), 0},
		{Calendar{}, date(2026, 6, 29), date(2026, 6, 29), 0},
		{Calendar{}, date(2026, 6, 30), date(2026, 6, 29), 0},
		{nationalDay, date(2026, 9, 30), date(2026, 10, 12), 4}, // 8, 9, 10, 12
		{nationalDay, date(2026, 9, 30), date(2026, 10, 7), 0},
		{nationalDay, date(2026, 9, 18), date(2026, 9, 21), 2}, // 20, 21
	}
	for _, c := range cases {
		if got := c.cal.WorkdaysBetween(c.a, c.b); got != c.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", c.a.Format(dateKey), c.b.Format(dateKey), got, c.want)
		}
	}
	// AddWorkdays and WorkdaysBetween agree.
	for n := 0; n < 20; n++ {
		from := date(2026, 9, 25)
		if got := nationalDay.WorkdaysBetween(from, nationalDay.AddWorkdays(from, n)); got != n {
			t.Errorf("WorkdaysBetween(from, AddWorkdays(from, %d)) = %d", n, got)
		}
	}
}

func TestDaysInclusive(t *testing.T) {
	cases := []struct {
		from, to time.Time
		want     int
	}{
		{date(2026, 2, 2), date(2026, 3, 3), 30},
		{date(2026, 3, 1), date(2026, 3, 30), 30},
		{date(2026, 3, 1), date(2026, 3, 1), 1},
		{time.Date(2026, 3, 1, 23, 0, 0, 0, Shanghai), time.Date(2026, 3, 2, 1, 0, 0, 0, Shanghai), 2},
		{date(2026, 3, 2), date(2026, 3, 1), 0},
	}
	for _, c := range cases {
		if got := DaysInclusive(c.from, c.to); got != c.want {
			t.Errorf("DaysInclusive(%v, %v) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
	if got := DaysInclusive(time.Time{}, date(2026, 1, 1)); got < 700000 {
		t.Errorf("DaysInclusive from the zero time = %d (overflow?)", got)
	}
}

// TestWorkdaysBetweenCountsDayByDay checks the arithmetic count against a day-by-day count over
// ranges of every length and start across years, with holidays, make-up days and a day in both.
func TestWorkdaysBetweenCountsDayByDay(t *testing.T) {
	c := Calendar{Off: map[string]bool{"2026-10-01": true, "2026-10-02": true, "2026-10-05": true, "2026-10-03": true,
		"2027-01-01": true, "2026-09-27": true}, On: map[string]bool{"2026-09-27": true, "2026-10-10": true, "2026-10-06": true}}
	start := date(2026, 9, 20)
	for i := 0; i < 40; i++ {
		for n := 0; n < 120; n += 3 {
			a, b := start.AddDate(0, 0, i), start.AddDate(0, 0, i+n)
			want := 0
			for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
				if c.IsWorkday(d) {
					want++
				}
			}
			if got := c.WorkdaysBetween(a, b); got != want {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", a.Format(dateKey), b.Format(dateKey), got, want)
			}
		}
	}
	for k, want := range map[string]bool{"2026-11-27": true, "2026-11-28": false, "2026-11-29": false, "2027-02-01": true, "2024-02-29": true} {
		if isWeekdayKey(k) != want {
			t.Errorf("isWeekdayKey(%s) = %v", k, !want)
		}
	}
}
