package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// events of decision 1: created, started, suspended… as the store writes them.
func sample() history {
	return history{
		states: map[int64]string{1: "drafting", 2: "withdrawn"},
		events: []event{
			{seq: 1, decision: 1, action: "create", to: "proposed", summary: "登记决策建议：事项 soak-u001-1"},
			{seq: 2, decision: 2, action: "create", to: "proposed", summary: "登记决策建议：事项 soak-u002-1"},
			{seq: 3, decision: 1, action: "set_start", changes: `[{"after":"纪要 soak-u003-1"}]`},
			{seq: 4, decision: 1, action: "start", from: "proposed", to: "drafting", summary: "决定启动"},
			{seq: 5, decision: 2, action: "withdraw", from: "proposed", to: "withdrawn", summary: "撤回：压力测试 soak-u002-2"},
			{seq: 6, decision: 0, action: "create_user"},
		},
	}
}

func TestCheckAcks(t *testing.T) {
	h := sample()
	acks := []ack{
		{1, "create", "soak-u001-1"},
		{1, "start", ""},
		{2, "withdraw", "soak-u002-2"},
	}
	if present, problems := checkAcks(h, acks); present != 3 || len(problems) != 0 {
		t.Fatalf("all present: got %d present, problems %v", present, problems)
	}
	lost := []ack{
		{2, "withdraw", "soak-u002-9"}, // another withdrawal's token
		{1, "withdraw", "soak-u002-2"}, // the token on another decision
		{2, "decline", ""},             // an event that never happened
		{3, "create", "soak-u009-1"},   // a decision that is gone
	}
	present, problems := checkAcks(h, lost)
	if present != 0 || len(problems) != len(lost) {
		t.Fatalf("lost writes: got %d present, problems %v", present, problems)
	}
}

func TestCheckStates(t *testing.T) {
	if p := checkStates(sample()); len(p) != 0 {
		t.Fatalf("a sound history: %v", p)
	}
	for name, tc := range map[string]struct {
		edit func(h *history)
		want string
	}{
		"state changed without event": {func(h *history) { h.states[1] = "consultation" }, `stored state "consultation"`},
		"event without state change":  {func(h *history) { h.states[2] = "proposed" }, `ends in "withdrawn"`},
		"broken run": {func(h *history) {
			h.events[3].from = "drafting"
		}, `leaves "drafting" but the decision was in "proposed"`},
		"no create event":         {func(h *history) { h.events = h.events[2:] }, `first state change`},
		"decision without events": {func(h *history) { h.states[7] = "proposed" }, `decision 7: in "proposed" with no create event`},
		"events without decision": {func(h *history) { delete(h.states, 2) }, `decision 2: history events for a decision that does not exist`},
	} {
		h := sample()
		tc.edit(&h)
		p := checkStates(h)
		if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), tc.want) {
			t.Errorf("%s: want a problem with %q, got %v", name, tc.want, p)
		}
	}
}

func TestCheckComments(t *testing.T) {
	stored := []storedComment{{9, "YJ-1", "意见 soak-u001-1"}, {9, "YJ-2", "意见 soak-u002-1"}}
	acks := []commentAck{{9, "YJ-1", "soak-u001-1"}, {9, "YJ-2", "soak-u002-1"}, {9, "YJ-3", "soak-u003-1"}, {8, "YJ-1", "soak-u001-1"}}
	present, problems := checkComments(stored, acks)
	if present != 2 || len(problems) != 2 {
		t.Fatalf("want 2 present and 2 lost, got %d and %v", present, problems)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := percentile(d, tc.p); got != tc.want {
			t.Errorf("p%v: got %s, want %s", tc.p, got, tc.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("no samples: got %s", got)
	}
	if got := percentile(d[:1], 99); got != time.Millisecond {
		t.Errorf("one sample: got %s", got)
	}
}

func TestPageParsing(t *testing.T) {
	page := `<form method="post" action="/decisions/2/events/suspend" class="event-form">` +
		`<input type="hidden" name="_csrf" value="tok-123"/><input type="hidden" name="version" value="17"/>` +
		`<form method="post" action="/decisions/2/events/evaluate" class="event-form">` +
		`<form method="post" action="/decisions/2/start" novalidate>`
	if got := formCSRF(page); got != "tok-123" {
		t.Errorf("csrf: %q", got)
	}
	if got := formVersion(page); got != 17 {
		t.Errorf("version: %d", got)
	}
	if got := strings.Join(pageEvents(page), ","); got != "suspend,evaluate,start" {
		t.Errorf("events: %q", got)
	}
}

func TestScanLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "server.log")
	log := `time=1 level=INFO msg=http method=GET path=/ status=200
time=2 level=ERROR msg="request failed" method=POST path=/public/consultations/9 err="store: begin: context canceled"
time=3 level=ERROR msg="render error page" err="context canceled"
time=4 level=ERROR msg="request failed" method=POST path=/decisions err="store: commit: database is locked (5) (SQLITE_BUSY)"
time=5 level=WARN msg="touch session" err="database is locked"
`
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := scanLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := (logScan{locked: 2, errors: 1, clientGone: 2}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}
