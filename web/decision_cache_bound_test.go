package web

import (
	"testing"

	"juece/store"
	"juece/workflow"
)

// The kept pages stay within their bound, the least recently used going first, and a page of
// an older stamp never replaces one of a newer.
func TestKeptPagesBounded(t *testing.T) {
	k := newKeptPages(10 << 10)
	page := [][]byte{make([]byte, 1<<10)}
	v := pageVariant{role: workflow.RoleSecretary}
	for id := int64(1); id <= 20; id++ {
		k.put(store.PageStamp{Head: 5}, &workflow.Decision{ID: id}, v, page)
		if id == 10 {
			k.decision(1, store.PageStamp{Head: 5}) // used: now the last to go
		}
	}
	if k.used > k.max || k.order.Len() != 10 {
		t.Fatalf("%d bytes in %d decisions kept, bound %d", k.used, k.order.Len(), k.max)
	}
	if k.decision(20, store.PageStamp{Head: 5}) == nil || k.decision(2, store.PageStamp{Head: 5}) != nil {
		t.Fatal("not the least recently used were dropped")
	}
	k = newKeptPages(10 << 10)
	for id := int64(1); id <= 11; id++ {
		k.put(store.PageStamp{Head: 5}, &workflow.Decision{ID: id}, v, page)
		if id == 10 {
			k.decision(1, store.PageStamp{Head: 5})
		}
	}
	if k.decision(1, store.PageStamp{Head: 5}) == nil || k.decision(2, store.PageStamp{Head: 5}) != nil {
		t.Fatal("the page used last was dropped before the least recently used")
	}
	k.put(store.PageStamp{Head: 5}, &workflow.Decision{ID: 20}, v, page)
	k.put(store.PageStamp{Head: 4}, &workflow.Decision{ID: 20}, v, page)
	if k.decision(20, store.PageStamp{Head: 5}) == nil {
		t.Fatal("an older page replaced a newer")
	}
	k.put(store.PageStamp{Head: 6}, &workflow.Decision{ID: 20}, v, page)
	if k.decision(20, store.PageStamp{Head: 5}) != nil || k.decision(20, store.PageStamp{Head: 6}) == nil {
		t.Fatal("a newer page did not replace the older")
	}
	if k.used != 10<<10 {
		t.Fatalf("used %d after replacing, want %d", k.used, 10<<10)
	}
	if k.put(store.PageStamp{Head: 7}, &workflow.Decision{ID: 99}, v, [][]byte{make([]byte, 4<<10)}); k.decision(99, store.PageStamp{Head: 7}) != nil {
		t.Fatal("a page over an eighth of the bound was kept")
	}
}
