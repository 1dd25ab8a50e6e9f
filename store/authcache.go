package store

import (
	"slices"
	"sync"
	"time"
)

// Every staff request looks up its session and its user: two queries before any work; the
// decision page lists every account for the names it shows. The auth cache keeps them in
// memory. The store drops them in the same call that changes them (logout, expiry, an account
// added, a password set, an account disabled or enabled, a failed or good login), so this
// process never serves one it changed; authCacheTTL bounds how long a change made by another
// process (the CLI's `juece user`) may go unseen.
const authCacheTTL = 2 * time.Second

// authCacheMax bounds each map; when full it starts again empty.
const authCacheMax = 20000

type authCache struct {
	mu       sync.Mutex
	gen      uint64 // raised by every drop: a load that began before one is not kept
	sessions map[string]cachedSession
	users    map[int64]cachedUser
	all      []User // every account, as Users lists them; nil when not kept
	allAt    time.Time
}

type cachedSession struct {
	s  Session
	at time.Time
}

type cachedUser struct {
	u  User
	at time.Time
}

func newAuthCache() *authCache {
	return &authCache{sessions: map[string]cachedSession{}, users: map[int64]cachedUser{}}
}

// session is the kept session of idHash, if fresh; else the generation to pass to putSession.
func (c *authCache) session(idHash string) (Session, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.sessions[idHash]
	if ok && time.Since(e.at) < authCacheTTL {
		return e.s, true, 0
	}
	return Session{}, false, c.gen
}

// putSession keeps s, read from the database, unless a drop came after gen.
func (c *authCache) putSession(s Session, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.sessions) >= authCacheMax {
		clear(c.sessions)
	}
	c.sessions[s.IDHash] = cachedSession{s, time.Now()}
}

// touched records a session's new last activity.
func (c *authCache) touched(idHash string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.sessions[idHash]; ok {
		e.s.LastSeenAt = at
		c.sessions[idHash] = e
	}
}

func (c *authCache) user(id int64) (User, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.users[id]
	if ok && time.Since(e.at) < authCacheTTL {
		return e.u, true, 0
	}
	return User{}, false, c.gen
}

func (c *authCache) putUser(u User, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.users) >= authCacheMax {
		clear(c.users)
	}
	c.users[u.ID] = cachedUser{u, time.Now()}
}

// allUsers is the kept list of every account, if fresh; else the generation for putAll.
func (c *authCache) allUsers() ([]User, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all != nil && time.Since(c.allAt) < authCacheTTL {
		return slices.Clone(c.all), true, 0
	}
	return nil, false, c.gen
}

func (c *authCache) putAll(all []User, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen && all != nil {
		c.all, c.allAt = slices.Clone(all), time.Now()
	}
}

// dropSession forgets one session (logout, expiry); "" forgets them all.
func (c *authCache) dropSession(idHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if idHash == "" {
		clear(c.sessions)
		return
	}
	delete(c.sessions, idHash)
}

// dropUsers forgets users and every session of theirs.
func (c *authCache) dropUsers(ids map[int64]bool) {
	if len(ids) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.all = nil
	for id := range ids {
		delete(c.users, id)
	}
	for h, e := range c.sessions {
		if ids[e.s.UserID] {
			delete(c.sessions, h)
		}
	}
}
