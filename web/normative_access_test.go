package web_test

// normativeAccess is who may succeed on the normative documents' routes, joined to the
// authorization matrix's accessPolicy (security_test.go) here so the two lists merge apart.
var normativeAccess = map[string]string{
	"GET /normative":                                      staff,
	"GET /normative/new":                                  "clerk",
	"POST /normative":                                     "clerk",
	"GET /normative/filing-review":                        reviewers,
	"POST /decisions/:id/dept-requests":                   "clerk",
	"POST /decisions/:id/dept-requests/:rid/reply":        "clerk",
	"POST /decisions/:id/dept-requests/:rid/coordination": reviewers,
	"POST /decisions/:id/coordinations/:cid/ruling":       "secretary",
	"POST /decisions/:id/norm-publication":                "secretary",
	"POST /decisions/:id/filing":                          "secretary",
	"POST /decisions/:id/filing-review":                   reviewers,
	"POST /decisions/:id/cleanup":                         "clerk",
	"POST /decisions/:id/validity":                        "secretary",
	"GET /public/normative":                               anyone,
	"GET /public/normative/feed.atom":                     anyone,
	"GET /public/normative/:id":                           anyone,
}

func init() {
	for k, v := range normativeAccess {
		accessPolicy[k] = v
	}
	dependsOnStage["GET /public/normative/:id"] = true // once a normative document is published
}
