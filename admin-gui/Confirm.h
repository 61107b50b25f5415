// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace smmo::admin {

/// Asks the operator to confirm a change to the cluster (a Yes/No question, No by default).
bool confirm(QWidget *parent, const QString &title, const QString &question);

/// Replaces the question with an answer given in code (tests and the screenshot run, where no one
/// is there to click); an empty function restores the dialog.
void setConfirmOverride(std::function<bool(const QString &title, const QString &question)> answer);

} // namespace smmo::admin
