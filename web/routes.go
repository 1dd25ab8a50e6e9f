package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"juece/static"
)

// routes lists every route, one per line.
func (s *Server) routes() {
	e := s.e
	e.Pre(s.uploadPrelude) // attachment uploads: cap the body, read the fields, leave the file to stream
	e.Use(securityHeaders, s.accessLog, s.recoverPanic, limitBody, s.loadSession, s.checkCSRF, requireUTF8)
	e.GET("/healthz", s.healthz)
	e.GET("/static/*", echo.WrapHandler(http.StripPrefix("/static/", static.Handler())))

	e.GET("/login", s.loginForm)
	e.POST("/login", s.login)
	e.POST("/logout", s.logout)

	// The public portal (公众参与): no login, cacheable, only what has been published.
	pub := e.Group("/public", s.checkpointAfterWrite)
	pub.GET("", s.publicHome)
	pub.GET("/feed.atom", s.publicFeed)
	pub.GET("/consultations/:id", s.publicConsultation)
	pub.POST("/consultations/:id", s.publicCommentAdd)
	pub.GET("/hearings/:id", s.publicHearing)
	pub.GET("/decisions/:id", s.publicDecision)
	pub.GET("/catalog", s.publicCatalog)
	pub.GET("/data", s.publicData)
	pub.GET("/data/:file", s.publicDataFile)

	// Open data for programs: read-only, what the portal shows and nothing more, cacheable.
	api := e.Group("/api/v1/public")
	api.GET("/openapi.json", s.apiOpenAPI)
	api.GET("/decisions", s.apiList("decisions"))
	api.GET("/decisions/:id", s.apiDecision)
	api.GET("/consultations", s.apiList("consultations"))
	api.GET("/consultations/:id", s.apiConsultation)
	api.GET("/comments", s.apiList("comments"))
	api.GET("/hearings", s.apiList("hearings"))
	api.GET("/hearings/:id", s.apiHearing)
	api.GET("/catalogs", s.apiList("catalogs"))

	g := e.Group("", noStore, s.checkpointAfterWrite)
	g.GET("/", s.worklist)
	g.GET("/decisions", s.decisionList)
	g.GET("/search", s.search)
	g.GET("/decisions/new", s.decisionNew)
	g.POST("/decisions", s.decisionCreate)
	g.GET("/decisions/:id", s.decisionShow)
	g.GET("/decisions/:id/history", s.decisionHistory)
	g.POST("/decisions/:id/events/:event", s.transition)
	g.POST("/decisions/:id/proposal", s.proposalSave)
	g.POST("/decisions/:id/start", s.decisionStart)
	g.POST("/decisions/:id/catalog", s.decisionCatalog)
	g.POST("/decisions/:id/flags", s.flagsSave)
	g.POST("/decisions/:id/revisions", s.revisionAdd)
	g.POST("/decisions/:id/disputes", s.disputeAdd)
	g.POST("/decisions/:id/methods", s.methodAdd)
	g.POST("/decisions/:id/notice", s.noticeSave)
	g.POST("/decisions/:id/comments", s.commentAdd)
	g.POST("/decisions/:id/comments/:cid/disposition", s.commentDispose)
	g.POST("/decisions/:id/feedback", s.feedbackSave)
	g.POST("/decisions/:id/experts", s.expertAdd)
	g.POST("/decisions/:id/hearing", s.hearingSave)
	g.POST("/decisions/:id/participants", s.participantAdd)
	g.POST("/decisions/:id/risk", s.riskSave)
	g.POST("/decisions/:id/submissions", s.submissionAdd)
	g.POST("/decisions/:id/submissions/return", s.submissionReturn)
	g.GET("/decisions/:id/review", s.reviewForm)
	g.POST("/decisions/:id/review", s.reviewSign)
	g.POST("/decisions/:id/meetings", s.meetingAdd)
	g.POST("/decisions/:id/opinions", s.opinionAdd)
	g.POST("/decisions/:id/head-decision", s.headDecide)
	g.POST("/decisions/:id/party-report", s.partyReportSave)
	g.POST("/decisions/:id/publication", s.publicationSave)
	g.POST("/decisions/:id/reports", s.reportAdd)
	g.POST("/decisions/:id/evaluation", s.evaluationSave)
	g.POST("/decisions/:id/attachments", s.attachmentAdd)
	g.GET("/decisions/:id/attachments/:aid", s.attachmentGet)

	g.GET("/decisions/:id/diff", s.revisionDiff)
	g.GET("/decisions/:id/dossier", s.dossier)
	g.GET("/decisions/:id/export.zip", s.exportZip)
	g.POST("/decisions/:id/cases", s.caseAdd)
	g.POST("/decisions/:id/cases/:cid", s.caseUpdate)
	g.GET("/catalog", s.catalogShow)
	g.POST("/catalog", s.catalogAdd)
	g.POST("/catalog/publish", s.catalogPublish)
	g.GET("/audit", s.auditLog)
	g.GET("/audit/anomalies", s.auditAnomalies)
	g.POST("/audit/verify", s.auditVerify)
	g.POST("/audit/checkpoint", s.auditCheckpoint)

	g.GET("/admin/users", s.userList)
	g.POST("/admin/users", s.userCreate)
	g.POST("/admin/users/:uid/password", s.userPassword)
	g.POST("/admin/users/:uid/disabled", s.userDisabled)
	g.GET("/admin/calendar", s.calendarList)
	g.POST("/admin/calendar", s.calendarSave)
	g.POST("/admin/calendar/delete", s.calendarDelete)
	g.POST("/admin/calendar/import", s.calendarImport)
	g.GET("/admin/calendar.csv", s.calendarExport)
	g.GET("/admin/settings", s.settingsForm)
	g.POST("/admin/settings", s.settingsSave)
	g.GET("/overdue", s.overdue)
	g.GET("/reports", s.report)
	g.GET("/reports/export.csv", s.reportCSV)
	g.GET("/account/password", s.passwordForm)
	g.POST("/account/password", s.passwordChange)
}
