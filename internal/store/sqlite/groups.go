package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/tocsin-cert/tocsin/internal/store"
)

// CreateGroup implements store.Store.
func (s *Store) CreateGroup(ctx context.Context, name string) (store.Group, error) {
	res, err := s.db.ExecContext(ctx, "INSERT INTO sector_groups(name, name_key, created) VALUES(?, ?, ?)", name, NameKey(name), ts(time.Now()))
	if isUnique(err) {
		return store.Group{}, fmt.Errorf("create group %q: %w", name, store.ErrExists)
	}
	if err != nil {
		return store.Group{}, fmt.Errorf("create group %q: %w", name, err)
	}
	id, _ := res.LastInsertId()
	return store.Group{ID: id, Name: name}, nil
}

// AddGroupMember implements store.Store.
func (s *Store) AddGroupMember(ctx context.Context, groupID, orgID int64) error {
	if _, err := s.db.ExecContext(ctx, "INSERT OR IGNORE INTO sector_group_members(group_id, org_id) VALUES(?, ?)", groupID, orgID); err != nil {
		return fmt.Errorf("add group member: %w", err)
	}
	return nil
}

// Groups implements store.Store.
func (s *Store) Groups(ctx context.Context) ([]store.Group, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT g.id, g.name, m.org_id FROM sector_groups g LEFT JOIN sector_group_members m ON m.group_id = g.id ORDER BY g.name_key, m.org_id")
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	defer rows.Close()
	var out []store.Group
	for rows.Next() {
		var id int64
		var name string
		var member *int64
		if err := rows.Scan(&id, &name, &member); err != nil {
			return nil, fmt.Errorf("list groups: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, store.Group{ID: id, Name: name})
		}
		if member != nil {
			g := &out[len(out)-1]
			g.Members = append(g.Members, *member)
		}
	}
	return out, rows.Err()
}
