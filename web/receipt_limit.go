package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"juece/views"
)

// A receipt code is short enough to type, so guessing it must be slow: each client address may
// miss receiptLookupLimit times in each window, then every lookup from it waits until the
// oldest miss leaves the window. At 10 misses in 10 minutes, guessing one 8-character code
// would take longer than the records are kept.
const (
	receiptLookupLimit  = 10
	receiptLookupWindow = 10 * time.Minute
)

// full says whether key has used its allowance in the window ending at now.
func (l *rateLimiter) full(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut, n := now.Add(-l.window), 0
	for _, t := range l.hits[key] {
		if t.After(cut) {
			n++
		}
	}
	return n >= l.n
}

// receiptThrottled answers 429 with the lookup form and when to try again, if the client's
// address has missed too often; it reports whether it answered.
func (s *Server) receiptThrottled(c echo.Context, p views.PublicReceipt) (bool, error) {
	ip, now := s.clientIP(c), s.now()
	if !s.receiptMisses.full(ip, now) {
		return false, nil
	}
	until := s.receiptMisses.freeAt(ip, now)
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(until.Sub(now).Seconds())+1))
	p.Form.Top = append(p.Form.Top, fmt.Sprintf("您所在网络地址查询未找到的次数过多，为保护查询码，暂停查询。请于 %s（北京时间）后再查询，并核对回执上的意见编号和查询码。", views.DateTime(until)))
	p.Page.Title = pageTitle("错误：查询意见处理情况")
	return true, render(c, http.StatusTooManyRequests, views.PublicReceiptView(p))
}
