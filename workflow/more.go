package workflow

import "slices"

// Values are a record's described fields that no field of its struct types (MoreFields), by
// name, as text: a date as yyyy-mm-dd, a check as "1" or "", a choice as its value, a number in
// decimal. They let a field be added by its description and a column alone: the form draws,
// parses and keeps it, the store writes it in the column of the same name, the history and the
// pages show it with its label. A field that a gate reads gets a typed struct field instead.
// Values are never changed in place (a change is a new map): copies of a record share them.
type Values map[string]string

// typed lists, for each form whose record takes added fields (Values), the described fields its
// struct types. A form not listed takes none. (Every record's late_reason is typed by Entry,
// the risk report's dimensions by Dimensions.)
var typed = map[string][]string{
	string(RecProposal):    {"title", "category", "proposer_kind", "proposer", "problem", "reasons", "legal_basis", "solution", "necessity", "decision_organ", "responsible_leader", "co_units"},
	string(RecStart):       {"decided_on", "basis"},
	string(RecRevision):    {"body", "options", "note"},
	string(RecDispute):     {"department", "our_view", "their_view", "reasons", "legal_basis", "resolution"},
	string(RecFairComp):    {"reviewed_on", "reviewer", "conclusion", "summary"},
	string(RecMethod):      {"method", "held_on", "participants", "summary"},
	string(RecNotice):      {"channel", "how_to_submit", "explanation", "starts_on", "ends_on", "link", "short_reason", "published_on"},
	string(RecFeedback):    {"published_on", "channel", "summary"},
	string(RecExpert):      {"name", "field", "organisation", "opinion", "conclusion", "signed", "signed_on", "no_interest", "differing_view"},
	string(RecHearing):     {"notice_published_on", "notice_channel", "held_on", "place", "selection_method", "selection_published_on", "list_published_on", "materials_delivered_on", "record_signed", "record_summary", "opinions_handling"},
	string(RecParticipant): {"name", "category", "organisation"},
	string(RecRisk):        {"methods", "risk_points", "measures", "contingency", "assessor", "assessor_unit", "third_party", "controllable", "assessed_on"},
	string(RecSubmission):  {"legal_basis", "procedures"},
	FormReview:             {"conclusion", "authority", "procedure", "substance", "advisers", "legal_risk"},
	string(RecMeeting):     {"kind", "number", "held_on", "attendees", "legal_head_attended", "pack_other"},
	string(RecOpinion):     {"speaker", "position", "is_head", "stance", "text"},
	string(RecPartyReport): {"reported_on", "note"},
	string(RecPublication): {"doc_number", "published_on", "channels", "link", "text", "explanation", "not_published_reason"},
	string(RecReport):      {"kind", "executing_unit", "body", "reported_on", "public"},
	string(RecMilestone):   {"title", "planned_on", "status"},
	string(RecEvaluation):  {"trigger", "evaluators", "evaluator_unit", "third_party", "opinions", "conclusion", "reasons", "evaluated_on"},
}

func init() {
	for _, d := range Dimensions {
		typed[string(RecRisk)] = append(typed[string(RecRisk)], string(d)+"_level", string(d)+"_analysis")
	}
}

// MoreFields are the described fields of form that no struct field types, in form order: the
// fields added by their description alone. None for a form whose record takes no added fields.
func MoreFields(form string) []Field {
	names, ok := typed[form]
	if !ok {
		return nil
	}
	var out []Field
	for _, f := range Forms[form] {
		if f.Name != LateReasonField.Name && !slices.Contains(names, f.Name) {
			out = append(out, f)
		}
	}
	return out
}

// Show is v, a value of field f as Values keep it, as the pages and the history show it: a
// choice by its label, a check as 是 or 否.
func (f Field) Show(v string) string {
	switch f.Kind {
	case KindCheck:
		if v != "" {
			return "是"
		}
		return "否"
	case KindChoice:
		for _, c := range f.Choices {
			if c.Value == v {
				return c.Label
			}
		}
	}
	return v
}
