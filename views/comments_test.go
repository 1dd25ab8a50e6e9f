package views

import "testing"

func TestJoinIDs(t *testing.T) {
	for _, x := range []struct {
		ids  []int64
		want string
	}{
		{nil, ""},
		{[]int64{7}, "7"},
		{[]int64{1, 2, 3, 5, 8, 9}, "1-3,5,8-9"},
	} {
		if got := JoinIDs(x.ids); got != x.want {
			t.Errorf("JoinIDs(%v) = %q, want %q", x.ids, got, x.want)
		}
	}
}
