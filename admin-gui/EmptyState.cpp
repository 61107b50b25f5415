// SPDX-License-Identifier: AGPL-3.0-or-later
#include "EmptyState.h"

#include <QLabel>

namespace smmo::admin {

EmptyState::EmptyState(QWidget *content, QWidget *parent) : QStackedWidget(parent), m_label(new QLabel(this))
{
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setMargin(24);
    m_label->setEnabled(false); // the palette's disabled text: visibly a placeholder
    addWidget(content);
    addWidget(m_label);
}

void EmptyState::showContent()
{
    setCurrentIndex(0);
}

void EmptyState::showMessage(const QString &text)
{
    m_label->setText(text);
    setCurrentIndex(1);
}

QString EmptyState::message() const
{
    return isShowingContent() ? QString() : m_label->text();
}

} // namespace smmo::admin
