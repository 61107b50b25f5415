// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ClusterConnection.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace smmo::admin {

/// Asks for the cluster's URLs and an administrator's name and password, and logs in. The URLs
/// and the name are remembered (QSettings) for next time; the password never is.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(ClusterConnection &connection, QWidget *parent = nullptr);

    ClusterUrls urls() const;
    void setUrls(const ClusterUrls &urls);
    QString user() const;
    void setUser(const QString &user);
    void setPassword(const QString &password);
    /// The last error shown, empty when none.
    QString errorText() const;
    void setError(const QString &message) { showError(message); }

    /// What was used last time, or the default ports on this host.
    static ClusterUrls rememberedUrls();
    static QString rememberedUser();

    /// Logs in with what is entered (as the Connect button does).
    void connectToCluster();

private:
    void setBusy(bool busy);
    void showError(const QString &message);

    ClusterConnection &m_connection;
    QLineEdit *m_auth;
    QLineEdit *m_char;
    QLineEdit *m_master;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_waiting = false;
};

} // namespace smmo::admin
