// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QStackedWidget>

class QLabel;

namespace smmo::admin {

/// Shows a widget, or in its place a short text saying why there is nothing to show yet and what
/// to do about it (no zones running, no zone picked, not connected).
class EmptyState : public QStackedWidget
{
    Q_OBJECT
public:
    explicit EmptyState(QWidget *content, QWidget *parent = nullptr);

    void showContent();
    void showMessage(const QString &text);
    bool isShowingContent() const { return currentIndex() == 0; }
    QString message() const;

private:
    QLabel *m_label;
};

} // namespace smmo::admin
