package workflow

// CaseKind is the ground of an accountability case (条例第38—41条).
type CaseKind string

// The grounds of accountability.
const (
	CaseExceedAuthority  CaseKind = "exceed_authority"  // 超越法定权限
	CaseViolateProcedure CaseKind = "violate_procedure" // 违反法定程序
	CaseMajorError       CaseKind = "major_error"       // 决策严重失误
	CaseFailureToDecide  CaseKind = "failure_to_decide" // 依法应当及时作出决策而久拖不决
	CaseOther            CaseKind = "other"             // 其他
)

// CaseKinds lists the grounds in the order of 条例第38条.
var CaseKinds = []CaseKind{CaseExceedAuthority, CaseViolateProcedure, CaseMajorError, CaseFailureToDecide, CaseOther}

// Label is the ground in the law's words.
func (k CaseKind) Label() string {
	switch k {
	case CaseExceedAuthority:
		return "超越法定权限"
	case CaseViolateProcedure:
		return "违反法定程序"
	case CaseMajorError:
		return "决策严重失误"
	case CaseFailureToDecide:
		return "应当及时决策而久拖不决"
	case CaseOther:
		return "其他"
	}
	return string(k)
}

// CaseStatus is where an accountability case stands.
type CaseStatus string

// The statuses of a case.
const (
	CaseOpen          CaseStatus = "open"          // 已立案
	CaseInvestigating CaseStatus = "investigating" // 调查处理中
	CaseClosed        CaseStatus = "closed"        // 已办结
)

// CaseStatuses lists the statuses in order.
var CaseStatuses = []CaseStatus{CaseOpen, CaseInvestigating, CaseClosed}

// Label is the status in Chinese.
func (s CaseStatus) Label() string {
	switch s {
	case CaseOpen:
		return "已立案"
	case CaseInvestigating:
		return "调查处理中"
	case CaseClosed:
		return "已办结"
	}
	return string(s)
}
