// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

namespace smmo::admin {

/// A small line chart drawn with QPainter (no Qt Charts dependency): a few named series over a
/// sliding time window, the value axis from zero to a rounded maximum, and a legend.
class TrendChart : public QWidget
{
    Q_OBJECT
public:
    struct Series
    {
        QString name;
        QList<QPointF> points; ///< x: seconds (any origin), y: value
    };

    explicit TrendChart(const QString &title, const QString &unit, QWidget *parent = nullptr);

    void setSeries(const QList<Series> &series);
    const QList<Series> &series() const { return m_series; }
    /// How many seconds the x axis shows (default 120), ending at the newest point.
    void setWindowSeconds(double seconds) { m_windowSeconds = seconds; }
    static QColor colorFor(int index);
    /// The top of the value axis for the values' maximum: 1, 2 or 5 times a power of ten.
    static double niceMaximum(double value);

    QSize sizeHint() const override { return {420, 180}; }
    QSize minimumSizeHint() const override { return {200, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_unit;
    QList<Series> m_series;
    double m_windowSeconds = 120;
};

} // namespace smmo::admin
