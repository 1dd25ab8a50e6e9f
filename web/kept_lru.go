package web

import "container/list"

// sizedLRU is a map that forgets its least recently used entries when their values take more
// than max bytes together: the memory behind the kept decision pages and lists. It does not
// lock: its owner does.
type sizedLRU[K comparable, V any] struct {
	max   int
	used  int
	order *list.List // of *lruEntry, front: most recently used
	m     map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int
}

func newSizedLRU[K comparable, V any](max int) *sizedLRU[K, V] {
	return &sizedLRU[K, V]{max: max, order: list.New(), m: map[K]*list.Element{}}
}

// get is the value kept under key, marked as used.
func (l *sizedLRU[K, V]) get(key K) (V, bool) {
	el, ok := l.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	l.order.MoveToFront(el)
	return el.Value.(*lruEntry[K, V]).val, true
}

// peek is the value kept under key, not marked as used.
func (l *sizedLRU[K, V]) peek(key K) (V, bool) {
	el, ok := l.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	return el.Value.(*lruEntry[K, V]).val, true
}

// put keeps val of size bytes under key, replacing what was there, and forgets the least
// recently used entries beyond the bound.
func (l *sizedLRU[K, V]) put(key K, val V, size int) {
	if el, ok := l.m[key]; ok {
		e := el.Value.(*lruEntry[K, V])
		l.used += size - e.size
		e.val, e.size = val, size
		l.order.MoveToFront(el)
	} else {
		l.m[key] = l.order.PushFront(&lruEntry[K, V]{key: key, val: val, size: size})
		l.used += size
	}
	for l.used > l.max && l.order.Len() > 0 {
		l.drop(l.order.Back())
	}
}

func (l *sizedLRU[K, V]) drop(el *list.Element) {
	e := l.order.Remove(el).(*lruEntry[K, V])
	delete(l.m, e.key)
	l.used -= e.size
}
