package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/workflow"
)

// voidRecord voids one record with a reason (作废留痕): the record stays, struck through, and the
// gates no longer count it. Who may void what, and when, is workflow's rule.
func (s *Server) voidRecord(c echo.Context) error {
	r := readForm(c, workflow.FormVoid)
	cmd := &workflow.VoidRecord{Reason: r.value("reason")}
	ref := r.raw("record")
	kind, id, ok := strings.Cut(ref, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 {
		r.f.Errors["record"] = "请选择要作废的记录"
	}
	cmd.Record, cmd.ID = workflow.Record(kind), n
	return s.apply(c, cmd, r.f, nil)
}
