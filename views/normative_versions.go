package views

import "juece/store"

// Replaces is the version this document superseded, or nil.
func (p PublicNormative) Replaces() *store.NormVersion {
	for i, v := range p.Versions {
		if v.ID == p.Doc.Supersedes && v.ID != p.ID {
			return &p.Versions[i]
		}
	}
	return nil
}

// ReplacedBy is the version that superseded this document, or nil.
func (p PublicNormative) ReplacedBy() *store.NormVersion {
	for i, v := range p.Versions {
		if v.Supersedes == p.ID && v.ID != p.ID {
			return &p.Versions[i]
		}
	}
	return nil
}
