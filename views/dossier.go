package views

import "time"

// DossierPage is the whole process record of one decision (决策过程记录和材料, 条例第33条) on
// one printable page: every stage's records, the attachments with their hashes, the history.
type DossierPage struct {
	Decision    DecisionPage // rendered read-only: no forms, no actions
	History     []HistoryItem
	Attachments []DossierFile
	ChainSeq    int64
	ChainHead   string
	MadeAt      time.Time
	MadeBy      string
	Stylesheet  string     // "/static/app.css" on the site, "app.css" inside an export
	Norm        *NormPanel // a normative document's departments, register and objections; nil for a major decision
}

// DossierFile is one attachment as the dossier lists it.
type DossierFile struct {
	Label  string
	Kind   string
	Size   int64
	SHA256 string
	Path   string // its path inside an export, or its download URL on the site
}
