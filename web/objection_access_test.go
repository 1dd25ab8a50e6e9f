package web_test

// objectionAccess is who may succeed on the objections' routes, joined to the authorization
// matrix's accessPolicy (security_test.go) here so the lists merge apart.
var objectionAccess = map[string]string{
	"POST /public/normative/:id/objections":     anyone,
	"GET /public/objections":                    anyone,
	"GET /normative/objections":                 reviewers,
	"POST /decisions/:id/objections/:oid/reply": reviewers,
}

func init() {
	for k, v := range objectionAccess {
		accessPolicy[k] = v
	}
}
