package workflow

// FormObjection is the portal's objection form; its fields are read one by one (web/objection.go)
// since a citizen's form keeps personal data out of the history.
const FormObjection = "objection"

func init() {
	Forms[string(RecObjectionReply)] = []Field{
		{Name: "outcome", Label: "处理结果", Note: ObjectionBasis, Kind: KindChoice, Required: true, Choices: choicesOf(ObjectionOutcomes)},
		{Name: "text", Label: "答复内容和理由", Kind: KindText, Required: true, Hint: "采纳的，写明启动修改或废止的安排；不予采纳的，写明理由"},
		{Name: "publish", Label: "在文件库公开本答复", Kind: KindCheck, Hint: "公开异议编号、条款、异议内容和答复，不公开异议人的姓名和联系方式"},
	}
}
