//! Betweenness centrality (Brandes' algorithm, exact), computed for maps up to
//! [`BETWEENNESS_LIMIT`] organisations.

use std::collections::VecDeque;

/// Above this many nodes betweenness is not computed (it costs nodes × links).
pub const BETWEENNESS_LIMIT: usize = 3_000;

/// Brandes' algorithm on an unweighted, undirected graph (parallel links count
/// once per path), normalised to 0–1 by (n−1)(n−2)/2.
pub fn betweenness(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let n = adjacency.len();
    let mut centrality = vec![0.0; n];
    let mut sigma = vec![0.0f64; n];
    let mut distance = vec![-1i64; n];
    let mut delta = vec![0.0f64; n];
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for source in 0..n {
        let mut stack = Vec::new();
        for v in 0..n {
            predecessors[v].clear();
            sigma[v] = 0.0;
            distance[v] = -1;
            delta[v] = 0.0;
        }
        sigma[source] = 1.0;
        distance[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adjacency[v] {
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 && !predecessors[w].contains(&v) {
                    sigma[w] += sigma[v];
                    predecessors[w].push(v);
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != source {
                centrality[w] += delta[w];
            }
        }
    }
    // Each pair was counted from both ends.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    centrality.iter().map(|c| c / pairs).collect()
}
