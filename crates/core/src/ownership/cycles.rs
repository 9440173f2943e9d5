//! Cycle detection over ownership edges (cross-holdings), for the view's `inCycle` flags.

use super::graph::OwnershipGraph;
use super::view::EdgeKind;

/// Nodes and edges on a cycle of ownership edges (strongly connected components, Kosaraju,
/// iterative so deep structures cannot overflow the stack).
pub(super) fn cycles(g: &OwnershipGraph) -> (Vec<bool>, Vec<bool>) {
    let n = g.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inn: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Ownership) {
        out[e.from].push(e.to);
        inn[e.to].push(e.from);
    }
    // First pass: finish order.
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for s in 0..n {
        if visited[s] {
            continue;
        }
        visited[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some(frame) = stack.last_mut() {
            let (v, i) = *frame;
            if i < out[v].len() {
                frame.1 += 1;
                let w = out[v][i];
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
                stack.pop();
            }
        }
    }
    // Second pass on the transpose.
    let mut comp = vec![usize::MAX; n];
    let mut sizes: Vec<usize> = Vec::new();
    for &s in order.iter().rev() {
        if comp[s] != usize::MAX {
            continue;
        }
        let c = sizes.len();
        sizes.push(0);
        comp[s] = c;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            sizes[c] += 1;
            for &w in &inn[v] {
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    stack.push(w);
                }
            }
        }
    }
    let node: Vec<bool> = (0..n).map(|v| sizes[comp[v]] > 1).collect();
    let edge: Vec<bool> = g
        .edges
        .iter()
        .map(|e| e.kind == EdgeKind::Ownership && comp[e.from] == comp[e.to] && node[e.from])
        .collect();
    (node, edge)
}
