use super::*;

#[test]
fn the_table_is_in_declaration_order_with_unique_ids() {
    for (i, row) in TABLE.iter().enumerate() {
        assert_eq!(row.0 as usize, i, "{}", row.1);
        assert_eq!(Rule::from_id(row.1), Some(row.0));
    }
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
}
