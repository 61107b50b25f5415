// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Confirm.h"

#include <QMessageBox>

namespace smmo::admin {

namespace {
std::function<bool(const QString &, const QString &)> & override()
{
    static std::function<bool(const QString &, const QString &)> answer;
    return answer;
}
} // namespace

bool confirm(QWidget *parent, const QString &title, const QString &question)
{
    if (override())
        return override()(title, question);
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void setConfirmOverride(std::function<bool(const QString &, const QString &)> answer)
{
    override() = std::move(answer);
}

} // namespace smmo::admin
