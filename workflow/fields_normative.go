package workflow

// FormNormNew registers the drafting of a normative document.
const FormNormNew = "norm_new"

// ReplyChoices are the answers a consulted department gives.
var ReplyChoices = []Choice{{"agree", "同意"}, {"disagree", "有不同意见"}}

// normativeForms describe the normative procedure's own forms; the shared stages keep theirs.
var normativeForms = map[string][]Field{
	FormNormNew: {
		{Name: "title", Label: "文件名称", Kind: KindLine, Required: true, Max: 200, Hint: "如：澜沧市城区停车管理办法"},
		{Name: "prefix", Label: "发文机关代字", Note: "统一编号", Kind: KindLine, Required: true, Max: 20, Hint: "如：澜政规（市政府）、澜交规（市交通运输局）"},
		{Name: "affects_rights", Label: "直接涉及公民、法人或者其他组织的权利义务", Note: "规划三(三)1", Kind: KindCheck, Hint: "涉及的，应当向社会公开征求意见"},
	},
	string(RecDeptRequest): {
		{Name: "unit_id", Label: "征求意见的部门", Note: "规划三(三)2", Kind: KindBody, Required: true},
		{Name: "due_on", Label: "回复期限", Kind: KindDate, Required: true, Hint: "相关部门应当在期限内回复意见"},
	},
	string(RecDeptReply): {
		{Name: "answer", Label: "回复意见", Kind: KindChoice, Required: true, Choices: ReplyChoices},
		{Name: "opinion", Label: "具体意见和理由", Kind: KindText, Hint: "有不同意见的，须写明"},
	},
	string(RecCoordination): {
		{Name: "issues", Label: "争议的主要问题", Kind: KindText, Required: true},
		{Name: "views", Label: "有关部门的意见", Kind: KindText, Required: true, Hint: "起草部门和有不同意见的部门各自的意见"},
		{Name: "agreed", Label: "经协调已达成一致", Kind: KindCheck},
		{Name: "proposal", Label: "法制机构的建议", Kind: KindText, Hint: "协调仍不一致的，报政府领导协调或者政府常务会议研究决定"},
	},
	string(RecRuling): {
		{Name: "ruled_by", Label: "作出决定的政府领导或会议", Kind: KindLine, Required: true, Max: 200, Hint: "如：王副市长；第5次市政府常务会议"},
		{Name: "ruling", Label: "决定内容", Kind: KindText, Required: true},
	},
	string(RecNormPublish): {
		{Name: "published_on", Label: "公布日期", Note: "规划三(三)1", Kind: KindDate, Required: true},
		{Name: "valid_until", Label: "有效期至", Kind: KindDate, Hint: "不设有效期的留空"},
		{Name: "channels", Label: "公布渠道", Kind: KindLine, Required: true, Max: 200, Hint: "如：政府公报、政府网站；未经公布的不得作为行政管理的依据"},
		{Name: "link", Label: "公布网址", Kind: KindLink},
		{Name: "text", Label: "文件全文", Kind: KindText, Required: true},
		{Name: "supersedes", Label: "取代的文件文号", Kind: KindLine, Max: 50, Hint: "本文件是对已公布文件的修订、以新文号公布的，填写被取代文件的文号，如 澜政规〔2025〕33号；否则留空"},
	},
	string(RecFiling): {
		{Name: "body", Label: "备案机关", Note: "规划三(三)3", Kind: KindLine, Required: true, Max: 200, Hint: "如：省人民政府（市政府文件）；市人民政府（部门文件）"},
		{Name: "filed_on", Label: "报送备案日期", Kind: KindDate, Required: true},
		{Name: "late_reason", Label: "逾期报送的理由", Kind: KindText, Hint: "自公布之日起15日内报送；逾期的须说明理由"},
	},
	string(RecFilingReview): {
		{Name: "conclusion", Label: "审查结论", Note: "规划三(三)3", Kind: KindChoice, Required: true, Choices: choicesOf(FilingConclusions)},
		{Name: "reasons", Label: "审查意见和理由", Kind: KindText, Hint: "重点审查是否违法增加公民、法人和其他组织义务或者影响其合法权益，是否搞地方或行业保护；要求纠正或建议撤销的，须写明理由"},
	},
	string(RecCleanup): {
		{Name: "outcome", Label: "清理结果", Note: "规划三(三)3", Kind: KindChoice, Required: true, Choices: choicesOf(CleanupOutcomes)},
		{Name: "reason", Label: "理由", Kind: KindText, Required: true, Hint: "如：上位法已修改，第五条须相应修改"},
	},
	string(RecValidity): {
		{Name: "status", Label: "文件状态", Kind: KindChoice, Required: true, Choices: choicesOf(Validities)},
		{Name: "note", Label: "变更理由和依据", Kind: KindText, Required: true, Hint: "如：经清理决定废止（澜政规〔2026〕5号）"},
	},
}

func init() {
	for k, v := range normativeForms {
		Forms[k] = v
	}
}
