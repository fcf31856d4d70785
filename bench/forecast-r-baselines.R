# Rolling-origin baselines in R for the forecasting benchmark: forecast::ets, forecast::auto.arima and
# prophet::prophet on one daily series, printed as a single JSON document on stdout.
#
#   Rscript bench/forecast-r-baselines.R --input FILE.csv --horizon H --windows W --step S
#                                        [--methods ets,auto_arima,prophet]
#
# The CSV has a date column `ds` and a value column `y` (an empty cell is a missing value). A file whose
# value column is named otherwise (Prophet's example_wp_log_peyton_manning.csv says "ys") is read by
# position when it has exactly two columns. Rows may come in any order and calendar days may be absent:
# the series is sorted and put on a complete daily grid, absent days becoming missing values, because
# ts(frequency = 7) counts rows, not dates, and a skipped day would shift every later weekday.
#
# Window i (0-based) trains on grid rows 1..n - H - (W-1-i)*S and forecasts the next H days. Everything
# the models print goes to stderr so that stdout carries only the JSON.

sink(stderr()) # Stan, prophet and forecast print progress on stdout; the JSON is written after sink().

suppressPackageStartupMessages({
  library(forecast)
  library(prophet)
  library(jsonlite)
})

METHODS <- c("ets", "auto_arima", "prophet")

parse_args <- function(argv) {
  out <- list()
  i <- 1
  while (i <= length(argv)) {
    key <- argv[[i]]
    if (!startsWith(key, "--") || i == length(argv)) stop(sprintf("bad argument near '%s'", key))
    out[[substring(key, 3)]] <- argv[[i + 1]]
    i <- i + 2
  }
  out
}

positive_int <- function(args, name) {
  value <- suppressWarnings(as.integer(args[[name]]))
  if (is.null(args[[name]]) || is.na(value) || value < 1) stop(sprintf("--%s must be a positive integer", name))
  value
}

args <- parse_args(commandArgs(trailingOnly = TRUE))
if (is.null(args$input)) stop("--input FILE.csv is required")
horizon <- positive_int(args, "horizon")
windows <- positive_int(args, "windows")
step <- positive_int(args, "step")
methods <- if (is.null(args$methods)) METHODS else strsplit(args$methods, ",", fixed = TRUE)[[1]]
unknown <- setdiff(methods, METHODS)
if (length(unknown) > 0) stop(sprintf("unknown method(s): %s", paste(unknown, collapse = ", ")))

# --- read and regularise the series -------------------------------------------------------------
raw <- read.csv(args$input, colClasses = "character", na.strings = c("", "NA"), check.names = FALSE)
if (!("ds" %in% names(raw))) stop("the CSV has no 'ds' column")
value_col <- if ("y" %in% names(raw)) "y" else if (ncol(raw) == 2) setdiff(names(raw), "ds") else NA
if (is.na(value_col)) stop("the CSV has no 'y' column")
if (value_col != "y") message(sprintf("reading column '%s' as y", value_col))
dates <- as.Date(substr(raw$ds, 1, 10))
if (anyNA(dates)) stop("unparseable ds value(s)")
if (anyDuplicated(dates)) stop("duplicate ds value(s)")
values <- suppressWarnings(as.numeric(raw[[value_col]]))
if (sum(is.na(values)) > sum(is.na(raw[[value_col]]))) stop("non-numeric y value(s)")

grid <- seq(min(dates), max(dates), by = "day")
y <- rep(NA_real_, length(grid))
y[match(dates, grid)] <- values
n <- length(grid)
message(sprintf("%s: %d rows, %d grid days (%d missing), %s .. %s",
                args$input, nrow(raw), n, sum(is.na(y)), format(grid[1]), format(grid[n])))

first_end <- n - horizon - (windows - 1) * step
if (first_end < 3 * 7) stop(sprintf("the first window would train on %d days; need at least 21", first_end))

# --- one method on one window ---------------------------------------------------------------------
elapsed <- function() proc.time()[["elapsed"]]

# Fit and forecast `horizon` days after train_end; returns the forecasts and the wall time of both.
run_method <- function(method, train_end) {
  train_y <- y[seq_len(train_end)]
  started <- elapsed()
  yhat <- tryCatch({
    if (method == "prophet") {
      # Prophet drops rows whose y is NA itself, so missing days are left as they are.
      history <- data.frame(ds = grid[seq_len(train_end)], y = train_y)
      model <- prophet(history)
      future <- data.frame(ds = grid[train_end] + seq_len(horizon))
      predict(model, future)$yhat
    } else {
      # ets and auto.arima need a gap-free series. na.interp on a seasonal ts interpolates linearly
      # through the seasonally adjusted series (robust STL) and adds the weekly pattern back.
      series <- na.interp(ts(train_y, frequency = 7))
      model <- if (method == "ets") ets(series) else auto.arima(series)
      as.numeric(forecast(model, h = horizon)$mean)
    }
  }, error = function(e) structure(rep(NA_real_, horizon), error = conditionMessage(e)))
  seconds <- elapsed() - started
  result <- list(yhat = I(as.numeric(yhat)), seconds = seconds) # I(): an array even when H = 1
  if (!is.null(attr(yhat, "error"))) {
    result$error <- attr(yhat, "error")
    message(sprintf("%s failed at train_end=%d: %s", method, train_end, result$error))
  }
  result
}

set.seed(42) # Prophet's uncertainty simulation draws random numbers; yhat does not depend on them.
out_windows <- vector("list", windows)
for (i in seq_len(windows)) {
  train_end <- n - horizon - (windows - i) * step
  results <- list()
  for (method in methods) {
    results[[method]] <- run_method(method, train_end)
    message(sprintf("window %d/%d origin %s %s: %.2f s", i, windows, format(grid[train_end]), method,
                    results[[method]]$seconds))
  }
  out_windows[[i]] <- list(origin = format(grid[train_end]), trainRows = train_end, methods = results)
}

document <- list(
  series = args$input,
  horizon = horizon,
  step = step,
  n = n,
  start = format(grid[1]),
  end = format(grid[n]),
  windows = out_windows
)
sink()
cat(toJSON(document, auto_unbox = TRUE, digits = NA, na = "null"), "\n", sep = "")
