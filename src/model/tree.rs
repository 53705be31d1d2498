//! The page tree: the folders of `content/` with their pages, sorted for the sidebar.

use super::Page;
use super::id::folder_of;

/// A folder or page in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeNode {
    /// The file or folder name, shown when a folder has no `index.md`.
    pub name: String,
    /// The page: a file's page, or a folder's `index.md`.
    pub page: Option<usize>,
    /// Pages and folders inside a folder, in display order.
    pub children: Vec<TreeNode>,
}

impl TreeNode {
    fn folder(name: &str) -> Self {
        TreeNode { name: name.to_owned(), page: None, children: Vec::new() }
    }

    /// Builds the tree of `pages`; the root is `content/` itself, whose page is the home page.
    #[must_use]
    pub fn build(pages: &[Page]) -> Self {
        let mut root = TreeNode::folder("");
        for (index, page) in pages.iter().enumerate() {
            let folder = folder_of(&page.path);
            let is_index = super::id::folder_page_of(&page.path).is_some();
            let mut node = &mut root;
            for name in folder.split('/').filter(|name| !name.is_empty()) {
                let position = node.children.iter().position(|child| child.name == name);
                let position = position.unwrap_or_else(|| {
                    node.children.push(TreeNode::folder(name));
                    node.children.len() - 1
                });
                node = &mut node.children[position];
            }
            if is_index {
                node.page = Some(index);
            } else {
                let name = page.path.rsplit('/').next().unwrap_or(&page.path);
                node.children.push(TreeNode { page: Some(index), ..TreeNode::folder(name) });
            }
        }
        root.sort(pages);
        root
    }

    fn sort(&mut self, pages: &[Page]) {
        self.children.sort_by_cached_key(|child| child.sort_key(pages));
        for child in &mut self.children {
            child.sort(pages);
        }
    }

    /// By `order` (pages without one last), then by title, case-insensitively, then by name.
    fn sort_key(&self, pages: &[Page]) -> ((u8, i64), String, String) {
        let page = self.page.map(|i| &pages[i]);
        let order = page.and_then(|p| p.order).map_or((1, 0), |order| (0, order));
        let title = page.map_or(self.name.as_str(), |p| p.title.as_str()).to_lowercase();
        (order, title, self.name.clone())
    }

    /// The pages in the order the page tree shows them (a folder's page before its children).
    #[must_use]
    pub fn pages_in_order(&self) -> Vec<usize> {
        fn walk(node: &TreeNode, out: &mut Vec<usize>) {
            out.extend(node.page);
            for child in &node.children {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// For every page (by index, `count` in all), the chain of nodes from this one down to the
    /// page's node, both included; empty for a page that is not in the tree. One walk of the
    /// tree, instead of one search per page.
    #[must_use]
    pub fn paths(&self, count: usize) -> Vec<Vec<&TreeNode>> {
        fn walk<'a>(
            node: &'a TreeNode,
            stack: &mut Vec<&'a TreeNode>,
            out: &mut [Vec<&'a TreeNode>],
        ) {
            stack.push(node);
            if let Some(slot) = node.page.and_then(|page| out.get_mut(page)) {
                slot.clone_from(stack);
            }
            for child in &node.children {
                walk(child, stack, out);
            }
            stack.pop();
        }
        let mut out = vec![Vec::new(); count];
        walk(self, &mut Vec::new(), &mut out);
        out
    }

    /// The chain of nodes from this one down to page `page`'s node, as [`TreeNode::paths`]
    /// gives it, found by one search: for the few pages a rebuild renders.
    #[must_use]
    pub fn path_to(&self, page: usize) -> Vec<&TreeNode> {
        fn walk<'a>(node: &'a TreeNode, page: usize, stack: &mut Vec<&'a TreeNode>) -> bool {
            stack.push(node);
            if node.page == Some(page) || node.children.iter().any(|c| walk(c, page, stack)) {
                return true;
            }
            stack.pop();
            false
        }
        let mut stack = Vec::new();
        walk(self, page, &mut stack);
        stack
    }
}
